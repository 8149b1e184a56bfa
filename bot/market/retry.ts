/** Capped exponential backoff with jitter that honours Retry-After. The sleep is injected. */
import { classify } from './errors.js';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy {
  attempts: number; // including the first
  baseMs: number;
  capMs: number;
  /** A Retry-After longer than this is not waited for: the venue is treated as failing now. */
  maxRetryAfterMs: number;
  sleep: Sleep;
  random: () => number;
}

export const defaultRetryPolicy = (sleep: Sleep = realSleep): RetryPolicy => ({
  attempts: 3,
  baseMs: 250,
  capMs: 4_000,
  maxRetryAfterMs: 30_000,
  sleep,
  random: Math.random,
});

/** The wait before retry number `attempt` (0-based): full backoff halved, plus up to half in jitter. */
export const backoffMs = (p: RetryPolicy, attempt: number): number => {
  const full = Math.min(p.capMs, p.baseMs * 2 ** attempt);
  return full / 2 + (full / 2) * p.random();
};

export async function withRetry<T>(fn: () => Promise<T>, p: RetryPolicy): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const f = classify(err);
      const last = attempt + 1 >= p.attempts;
      if (f.kind !== 'retryable' || last) throw err;
      if (f.retryAfterMs !== null && f.retryAfterMs > p.maxRetryAfterMs) throw err;
      await p.sleep(f.retryAfterMs ?? backoffMs(p, attempt));
    }
  }
}
