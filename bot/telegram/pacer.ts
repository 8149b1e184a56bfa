/**
 * Pacing of Telegram sends, shared by command replies and the outbox: at most
 * `messagesPerSecond` overall, one message per second per chat, 20 a minute per group (a negative
 * chat id), a chat held until its 429's retry_after, and the whole sender slowed only when 429s
 * cluster. Token buckets come from `limiter`; this file only decides which chat goes next.
 *
 * One dispatcher takes a global token, then the next ready chat: interactive replies first, then
 * the broadcast, each in arrival order. A chat has one send in flight at a time.
 */
import { TokenBucket } from 'limiter';
import type { Logger } from '../../core/ports.js';

export interface TelegramLimits {
  /** TELEGRAM_MAX_MESSAGES_PER_SECOND. */
  messagesPerSecond: number;
  /** Sends that may leave at once after a pause; kept small so no second ever sees more than Telegram's ~30. */
  burst: number;
  /** Least time between two messages to one chat. */
  chatIntervalMs: number;
  /** A group's allowance: `messages` per `perMs`, of which `burst` may go one second apart. */
  group: { messages: number; perMs: number; burst: number };
  /** 429s cluster when at least `min` of the calls in `windowMs` got one and they are at least `share` of them. */
  cluster: { windowMs: number; min: number; share: number };
}

export const TELEGRAM_LIMITS: TelegramLimits = {
  messagesPerSecond: 25,
  burst: 2,
  chatIntervalMs: 1_000,
  group: { messages: 20, perMs: 60_000, burst: 3 },
  cluster: { windowMs: 10_000, min: 10, share: 0.3 },
};

/** The same limits with every window divided by `factor` (the broadcast benchmark's scaled fakes). */
export function scaledLimits(factor: number, base: TelegramLimits = TELEGRAM_LIMITS): TelegramLimits {
  return {
    ...base,
    messagesPerSecond: base.messagesPerSecond * factor,
    chatIntervalMs: base.chatIntervalMs / factor,
    group: { ...base.group, perMs: base.group.perMs / factor },
    cluster: { ...base.cluster, windowMs: base.cluster.windowMs / factor },
  };
}

export type Priority = 'interactive' | 'broadcast';

interface Job {
  priority: Priority;
  run: () => void;
}

interface Lane {
  chatId: string;
  jobs: Job[];
  busy: boolean;
  /** A group's allowance (absent for a private chat). */
  group: TokenBucket | null;
  /**
   * Nothing goes to the chat before this: the previous send's answer plus the chat interval (counted
   * from the answer, not the request, so two sends can never reach Telegram closer than that), or a
   * 429's retry_after.
   */
  notBefore: number;
  queued: boolean; // sits in a ready queue
  timer: NodeJS.Timeout | null;
}

const SWEEP_EVERY = 1_000;
const full = (b: TokenBucket): TokenBucket => ((b.content = b.bucketSize), b);

export interface TelegramPacer {
  /** Runs `fn` when this chat and the global allowance permit; resolves or rejects with it. */
  schedule<T>(chatId: string, priority: Priority, fn: () => Promise<T>): Promise<T>;
  /**
   * A 429 for this chat: nothing goes to it before `retryAfterMs` has passed, and the call is given
   * back to the overall allowance (Telegram did not take the message).
   */
  rateLimited(chatId: string, retryAfterMs: number): void;
  /** Sends waiting or in flight. */
  pending(): number;
  /** The overall pace, changed while running (several instances share the platform's allowance). */
  setRate(messagesPerSecond: number): void;
}

export function createTelegramPacer(limits: TelegramLimits = TELEGRAM_LIMITS, logger?: Logger): TelegramPacer {
  const now = () => performance.now();
  const global = full(new TokenBucket({ bucketSize: limits.burst, tokensPerInterval: limits.messagesPerSecond, interval: 1000 }));
  const groupRate = limits.group.messages - limits.group.burst;
  const groups = new Map<string, TokenBucket>();
  const lanes = new Map<string, Lane>();
  const ready: Record<Priority, Lane[]> = { interactive: [], broadcast: [] };
  const calls: number[] = [];
  const limited: number[] = [];
  let pausedUntil = 0;
  let pumping = false;
  let waiting = 0;
  let scheduled = 0;

  function laneOf(chatId: string): Lane {
    let lane = lanes.get(chatId);
    if (!lane) {
      let group: TokenBucket | null = null;
      if (chatId.startsWith('-')) {
        group = groups.get(chatId) ?? full(new TokenBucket({ bucketSize: limits.group.burst, tokensPerInterval: groupRate, interval: limits.group.perMs }));
        groups.set(chatId, group);
      }
      lane = { chatId, jobs: [], busy: false, group, notBefore: 0, queued: false, timer: null };
      lanes.set(chatId, lane);
    }
    return lane;
  }

  const waitOf = (lane: Lane): number => Math.max(lane.notBefore - now(), lane.group?.getWaitTime(1) ?? 0);

  /** Puts a lane with work in its ready queue now, or when its chat allows. */
  function offer(lane: Lane): void {
    if (lane.busy || lane.queued || lane.timer || lane.jobs.length === 0) return;
    const wait = waitOf(lane);
    if (wait > 0) {
      lane.timer = setTimeout(() => {
        lane.timer = null;
        offer(lane);
      }, Math.ceil(wait));
      return;
    }
    lane.queued = true;
    ready[lane.jobs[0]!.priority].push(lane);
    void pump();
  }

  /** An idle chat whose allowance has refilled needs no memory: a new lane starts full too. */
  function idle(lane: Lane): boolean {
    return lane.jobs.length === 0 && !lane.busy && !lane.timer && lane.notBefore <= now();
  }
  function sweep(): void {
    for (const lane of lanes.values()) {
      const group = groups.get(lane.chatId);
      if (!idle(lane) || (group && group.getWaitTime(limits.group.burst) > 0)) continue;
      lanes.delete(lane.chatId);
      groups.delete(lane.chatId);
    }
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (ready.interactive.length + ready.broadcast.length > 0) {
        const wait = Math.max(pausedUntil - now(), global.getWaitTime(1));
        if (wait > 0) {
          await new Promise((r) => setTimeout(r, Math.ceil(wait)));
          continue; // an interactive reply may have arrived meanwhile
        }
        const lane = (ready.interactive.shift() ?? ready.broadcast.shift())!;
        lane.queued = false;
        // Checked when the lane was offered, but a 429 may have held the chat since.
        if (lane.notBefore > now() || (lane.group && !lane.group.tryRemoveTokens(1))) {
          offer(lane);
          continue;
        }
        global.tryRemoveTokens(1);
        lane.busy = true;
        calls.push(now());
        lane.jobs.shift()!.run();
      }
    } finally {
      pumping = false;
    }
  }

  /** Records a 429; true when they now cluster. */
  function clustered(t: number): boolean {
    const from = t - limits.cluster.windowMs;
    while (calls.length && calls[0]! < from) calls.shift();
    while (limited.length && limited[0]! < from) limited.shift();
    limited.push(t);
    return limited.length >= limits.cluster.min && limited.length >= limits.cluster.share * calls.length;
  }

  return {
    schedule<T>(chatId: string, priority: Priority, fn: () => Promise<T>): Promise<T> {
      if (++scheduled % SWEEP_EVERY === 0) sweep();
      const lane = laneOf(chatId);
      waiting++;
      return new Promise<T>((resolve, reject) => {
        const job: Job = {
          priority,
          run: () => {
            fn()
              .then(resolve, reject)
              .finally(() => {
                waiting--;
                lane.busy = false;
                lane.notBefore = Math.max(lane.notBefore, now() + limits.chatIntervalMs);
                offer(lane);
              });
          },
        };
        // Interactive replies overtake this chat's broadcast messages too.
        if (priority === 'interactive') {
          const at = lane.jobs.findIndex((j) => j.priority === 'broadcast');
          lane.jobs.splice(at === -1 ? lane.jobs.length : at, 0, job);
        } else lane.jobs.push(job);
        if (lane.queued && priority === 'interactive' && lane.jobs[0] === job) {
          // Move the lane to the interactive queue.
          const q = ready.broadcast;
          const i = q.indexOf(lane);
          if (i !== -1) {
            q.splice(i, 1);
            ready.interactive.push(lane);
          }
        }
        offer(lane);
      });
    },
    rateLimited(chatId, retryAfterMs) {
      const t = now();
      const lane = laneOf(chatId);
      lane.notBefore = Math.max(lane.notBefore, t + retryAfterMs);
      // A 429 is a message Telegram did not take: it does not count against the allowance.
      global.content = Math.min(global.bucketSize, global.content + 1);
      if (!clustered(t)) return;
      if (pausedUntil < t) logger?.warn('telegram: 429s are clustering, every send waits', { retryAfterMs, recent429: limited.length, recentCalls: calls.length });
      pausedUntil = Math.max(pausedUntil, t + retryAfterMs);
    },
    pending: () => waiting,
    setRate(messagesPerSecond) {
      global.drip();
      global.tokensPerInterval = Math.max(0.1, messagesPerSecond);
    },
  };
}
