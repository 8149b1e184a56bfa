/**
 * The per-user command allowance (COMMAND_RATE_PER_MINUTE): a fixed window per caller that opens
 * with their first command and lasts a minute. Within it the first `perMinute` commands run, the
 * next one gets a short notice, and the rest get nothing at all until the window ends. Pure apart
 * from its own map: the caller passes `now`, so tests move a clock instead of sleeping.
 */

export type Verdict = 'run' | 'notice' | 'silent';

export interface Admission {
  verdict: Verdict;
  /** When the caller's window ends (epoch ms). */
  resetAt: number;
}

export interface CommandRateLimiter {
  readonly perMinute: number;
  /** Counts one command by `key` (platform + user id) at `now`. */
  admit(key: string, now: number): Admission;
}

interface Window {
  start: number;
  count: number;
}

export const RATE_WINDOW_MS = 60_000;

export function createCommandRateLimiter(perMinute: number, windowMs = RATE_WINDOW_MS): CommandRateLimiter {
  const windows = new Map<string, Window>();
  let lastSweep = -Infinity;
  /** Ended windows are forgotten once a window's time, so a million one-off callers cost nothing later. */
  const sweep = (now: number) => {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
  };
  return {
    perMinute,
    admit(key, now) {
      sweep(now);
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs || now < w.start) {
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      const verdict: Verdict = w.count <= perMinute ? 'run' : w.count === perMinute + 1 ? 'notice' : 'silent';
      return { verdict, resetAt: w.start + windowMs };
    },
  };
}
