/**
 * Discord's published REST limits as the fake enforces them:
 * - global: 50 requests/s per bot, interaction endpoints exempt. Discord does not document the
 *   algorithm; this is a leaky bucket (burst 50, drains 50 per second), the kind Discord moved its
 *   limits to in 2022 (discord-api-docs#7680). A fixed window opened by the first arrival punished
 *   discord.js for the time its own burst takes to reach the server (measured here: 36–250 429s
 *   per 1,000 messages at 250–500/s); the bucket gives it 0 in most runs, a handful under load.
 *   A refused request does not fill the bucket;
 * - POST /channels/:id/messages: 5 per 5 s per channel (bucket hash shared, channel = major param),
 *   a fixed window that opens with the first request after the last one closed, whose reset is
 *   exactly what the X-RateLimit-* headers announce.
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

/** Burst `limit`, drained at `limit` per `windowMs`. */
export class LeakyBucket {
  private level = 0;
  private last = -Infinity;

  constructor(private readonly w: { limit: number; windowMs: number }) {}

  /**
   * Counts a request at `now`; when it is over, the wait in ms until the bucket is empty, else null.
   * Empty, not one slot free: a client told to wait (discord.js) resumes with a full burst.
   */
  hit(now: number): number | null {
    const drained = this.last === -Infinity ? this.level : ((now - this.last) * this.w.limit) / this.w.windowMs;
    this.level = Math.max(0, this.level - drained);
    this.last = now;
    if (this.level + 1 > this.w.limit) return (this.level * this.w.windowMs) / this.w.limit;
    this.level += 1;
    return null;
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
  private readonly global: LeakyBucket;
  private readonly channels = new Map<string, ChannelState>();

  /** Off (null): no windows, only the retry_after of injected 429s is enforced. */
  constructor(limits: ResolvedDiscordLimits | null) {
    this.enabled = limits !== null;
    this.limits = limits ?? resolveDiscordLimits({});
    this.global = new LeakyBucket(this.limits.global);
  }

  /** Counts a request against the global limit; the wait in ms when it is over, else null. */
  hitGlobal(now: number): number | null {
    return this.enabled ? this.global.hit(now) : null;
  }

  channel(id: string): ChannelState {
    let c = this.channels.get(id);
    if (!c) this.channels.set(id, (c = { bucket: new FixedWindow(this.limits.channel), refusedUntil: 0 }));
    return c;
  }
}
