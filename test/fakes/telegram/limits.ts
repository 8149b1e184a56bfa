/**
 * Telegram's published send limits as sliding windows: about 30 messages/s overall, 1/s in one
 * chat, 20/min in one group (a chat with a negative id). With `factor` F every window is 1/F as
 * long, so a run is F times shorter and the bot, configured with the same F, paces to match.
 *
 * What counts: by default every send call that reached the server occupies the windows, whatever
 * it was answered — that is how Telegram sees a client, and why hammering through 429s keeps
 * failing. `countRefused: false` counts only the sends that were delivered.
 */

export interface TelegramLimitOptions {
  factor?: number;
  globalPerSecond?: number;
  perChatPerSecond?: number;
  groupPerMinute?: number;
  countRefused?: boolean;
}

export interface Window {
  limit: number;
  windowMs: number;
}

export interface ResolvedTelegramLimits {
  factor: number;
  global: Window;
  chat: Window;
  group: Window;
  countRefused: boolean;
}

export type TelegramViolation = 'global' | 'chat' | 'group' | 'retryAfter';

export function resolveTelegramLimits(o: TelegramLimitOptions): ResolvedTelegramLimits {
  const factor = o.factor ?? 1;
  return {
    factor,
    global: { limit: o.globalPerSecond ?? 30, windowMs: 1000 / factor },
    chat: { limit: o.perChatPerSecond ?? 1, windowMs: 1000 / factor },
    group: { limit: o.groupPerMinute ?? 20, windowMs: 60_000 / factor },
    countRefused: o.countRefused ?? true,
  };
}

/** Timestamps in (now - windowMs, now]. */
export class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  constructor(private readonly w: Window) {}

  full(now: number): boolean {
    this.prune(now);
    return this.times.length - this.head >= this.w.limit;
  }

  add(now: number): void {
    this.times.push(now);
  }

  /** Milliseconds from `now` until one more entry fits. */
  waitMs(now: number): number {
    this.prune(now);
    const n = this.times.length - this.head;
    if (n < this.w.limit) return 0;
    return this.times[this.head + n - this.w.limit]! + this.w.windowMs - now;
  }

  private prune(now: number): void {
    const edge = now - this.w.windowMs;
    while (this.head < this.times.length && this.times[this.head]! <= edge) this.head++;
    if (this.head > 64 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

interface ChatWindows {
  chat: SlidingWindow;
  group: SlidingWindow | null;
  /** No send is allowed before this time: the end of the last retry_after given to this chat. */
  refusedUntil: number;
}

/** Off (limits null): no windows, only the retry_after of injected 429s is enforced. */
export class TelegramLimiter {
  readonly limits: ResolvedTelegramLimits;
  readonly enabled: boolean;
  private readonly global: SlidingWindow;
  private readonly chats = new Map<string, ChatWindows>();

  constructor(limits: ResolvedTelegramLimits | null) {
    this.enabled = limits !== null;
    this.limits = limits ?? resolveTelegramLimits({});
    this.global = new SlidingWindow(this.limits.global);
  }

  /** The limits a send to `chat` at `now` breaks (before it is counted). */
  breaches(chat: string, isGroup: boolean, now: number): TelegramViolation[] {
    const w = this.windows(chat, isGroup);
    const out: TelegramViolation[] = [];
    if (now < w.refusedUntil) out.push('retryAfter');
    if (!this.enabled) return out;
    if (this.global.full(now)) out.push('global');
    if (w.chat.full(now)) out.push('chat');
    if (w.group?.full(now)) out.push('group');
    return out;
  }

  count(chat: string, isGroup: boolean, now: number): void {
    if (!this.enabled) return;
    const w = this.windows(chat, isGroup);
    this.global.add(now);
    w.chat.add(now);
    w.group?.add(now);
  }

  /** Milliseconds until a send to `chat` would break nothing. */
  waitMs(chat: string, isGroup: boolean, now: number): number {
    const w = this.windows(chat, isGroup);
    return Math.max(w.refusedUntil - now, this.global.waitMs(now), w.chat.waitMs(now), w.group?.waitMs(now) ?? 0, 0);
  }

  /** Answers a 429: `retry_after` in whole (scaled) seconds, and the chat is refused until then. */
  refuse(chat: string, isGroup: boolean, now: number, atLeastSeconds = 1): number {
    const scaledSeconds = (this.waitMs(chat, isGroup, now) * this.limits.factor) / 1000;
    const retryAfter = Math.max(atLeastSeconds, Math.ceil(scaledSeconds - 1e-9));
    const w = this.windows(chat, isGroup);
    w.refusedUntil = Math.max(w.refusedUntil, now + (retryAfter * 1000) / this.limits.factor);
    return retryAfter;
  }

  private windows(chat: string, isGroup: boolean): ChatWindows {
    let w = this.chats.get(chat);
    if (!w) {
      w = { chat: new SlidingWindow(this.limits.chat), group: isGroup ? new SlidingWindow(this.limits.group) : null, refusedUntil: 0 };
      this.chats.set(chat, w);
    }
    return w;
  }
}
