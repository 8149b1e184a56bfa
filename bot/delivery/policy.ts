/**
 * The retry policy, in one place: when a message that did not go out is tried again, and when it is
 * given up. The outbox (briefs, alerts) and the adapters' command replies both follow it.
 */
import type { SendFailure } from '../messenger.js';

export const RETRY = {
  /**
   * Wait after a 5xx, a timeout or a network error: `baseMs` for the first `quickRetries` retries,
   * then doubled per attempt up to `maxMs`, with jitter. The overall pace is the pacer's, so quick
   * retries of a few unlucky sends cost the platform nothing extra; a chat that keeps failing backs off.
   */
  baseMs: 1_000,
  quickRetries: 3,
  maxMs: 5 * 60_000,
  jitter: 0.2,
  /** A 429 is waited out exactly (its retry_after), plus this margin. */
  rateLimitMarginMs: 50,
  /** Command replies: attempts on 5xx/timeouts before the user is left without an answer (logged). */
  interactiveAttempts: 6,
  /** Command replies: the longest retry_after worth waiting for while the user waits. */
  interactiveMaxWaitMs: 10 * 60_000,
} as const;

/** How long to wait before attempt number `attempts + 1` after `failure` (attempts counts the ones made). */
export function retryDelayMs(failure: Extract<SendFailure, { kind: 'retry' }>, attempts: number, random: () => number = Math.random): number {
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs + RETRY.rateLimitMarginMs;
  const exp = Math.min(RETRY.maxMs, RETRY.baseMs * 2 ** Math.max(0, attempts - RETRY.quickRetries));
  return Math.round(exp * (1 - RETRY.jitter + 2 * RETRY.jitter * random()));
}

/** Outbox priorities: higher goes first. An alert is worth less every minute; a brief has a grace window. */
export const PRIORITY = { alert: 20, brief: 10 } as const;

/** An alert that could not go out within this long of its transition is stale: recorded, not sent. */
export const ALERT_STALE_MS = 30 * 60_000;
