/** The retry policy: when a message that did not go out is tried again. */
import { describe, expect, it } from 'vitest';
import { RETRY, retryDelayMs } from '../../bot/delivery/policy.js';

const serverError = { ok: false as const, kind: 'retry' as const, detail: '502: Bad Gateway' };
const middle = () => 0.5; // jitter drawn at its centre

describe('retryDelayMs', () => {
  it('waits out a 429 exactly: its retry_after plus a small margin, whatever the attempt', () => {
    for (const attempts of [1, 5, 20]) expect(retryDelayMs({ ...serverError, retryAfterMs: 3_000 }, attempts, middle)).toBe(3_000 + RETRY.rateLimitMarginMs);
  });

  it('retries a 5xx quickly a few times, then doubles up to five minutes', () => {
    const waits = [1, 2, 3, 4, 5, 6, 12].map((n) => retryDelayMs(serverError, n, middle));
    expect(waits, 'a few unlucky sends cost seconds, a chat that keeps failing backs off').toEqual([1_000, 1_000, 1_000, 2_000, 4_000, 8_000, 300_000]);
  });

  it('spreads retries by ±20% so a burst of failures does not come back as a burst', () => {
    expect(retryDelayMs(serverError, 4, () => 0)).toBe(1_600);
    expect(retryDelayMs(serverError, 4, () => 0.999999)).toBe(2_400);
  });
});
