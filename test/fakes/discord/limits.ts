/**
 * Discord's published REST limits as the fake enforces them, in fixed windows like Discord's own
 * buckets (a window opens with the first request after the last one closed, and its reset is what
 * the X-RateLimit-* headers announce):
 * - global: 50 requests/s per bot, interaction endpoints exempt;
 * - POST /channels/:id/messages: 5 per 5 s per channel (bucket hash shared, channel = major param).
 * With `factor` F the channel window is 1/F as long. discord.js paces the global limit itself with a
 * fixed 1-second window (`globalRequestsPerSecond`), so there the factor multiplies the count
 * instead: the bot sets `globalRequestsPerSecond` to `limits.global.limit`.
 */

export interface DiscordLimitOptions {
  factor?: number;
  globalPerSecond?: number;
  perChannelMessages?: number;
  perChannelWindowMs?: number;
}

export interface ResolvedDiscordLimits {
  factor: number;
  global: { limit: number; windowMs: number };
  channel: { limit: number; windowMs: number };
}

export type DiscordViolation = 'global' | 'channel' | 'retryAfter';

export const CHANNEL_MESSAGES_BUCKET = 'f4ke0c4a11e1msgb';

export function resolveDiscordLimits(o: DiscordLimitOptions): ResolvedDiscordLimits {
  const factor = o.factor ?? 1;
  return {
    factor,
    global: { limit: (o.globalPerSecond ?? 50) * factor, windowMs: 1000 },
    channel: { limit: o.perChannelMessages ?? 5, windowMs: (o.perChannelWindowMs ?? 5000) / factor },
  };
}

export class FixedWindow {
  private resetAt = -Infinity;
  private used = 0;

  constructor(private readonly w: { limit: number; windowMs: number }) {}

  /** Counts a request at `now`; false when it is over the limit. */
  hit(now: number): boolean {
    if (now >= this.resetAt) {
      this.resetAt = now + this.w.windowMs;
      this.used = 0;
    }
    this.used += 1;
    return this.used <= this.w.limit;
  }

  get limit(): number {
    return this.w.limit;
  }

  remaining(): number {
    return Math.max(0, this.w.limit - this.used);
  }

  resetAfterMs(now: number): number {
    return Math.max(0, this.resetAt - now);
  }
}

interface ChannelState {
  bucket: FixedWindow;
  /** No message may be posted before this time: the end of the last 429 given for the channel. */
  refusedUntil: number;
}

export class DiscordLimiter {
  readonly limits: ResolvedDiscordLimits;
  readonly enabled: boolean;
  private readonly global: FixedWindow;
  private readonly channels = new Map<string, ChannelState>();

  /** Off (null): no windows, only the retry_after of injected 429s is enforced. */
  constructor(limits: ResolvedDiscordLimits | null) {
    this.enabled = limits !== null;
    this.limits = limits ?? resolveDiscordLimits({});
    this.global = new FixedWindow(this.limits.global);
  }

  /** Counts a request against the global limit; the wait in ms when it is over, else null. */
  hitGlobal(now: number): number | null {
    if (!this.enabled || this.global.hit(now)) return null;
    return this.global.resetAfterMs(now);
  }

  channel(id: string): ChannelState {
    let c = this.channels.get(id);
    if (!c) this.channels.set(id, (c = { bucket: new FixedWindow(this.limits.channel), refusedUntil: 0 }));
    return c;
  }
}
