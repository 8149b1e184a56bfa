/**
 * A series judged against its own history. The perpetual premium on Binance sits below zero
 * almost every day and funding has a positive floor, so their sign means little; their rank does.
 */
import { present } from './series.js';
import type { RankSignal } from './types.js';

/** Need this many past readings before a percentile says anything. */
const MIN_HISTORY = 30;

/** `past` are the readings before today (oldest first); only the last `window` are compared. */
export function rankSignal(value: number | null, past: readonly (number | null)[], window: number): RankSignal {
  const xs = present(past.slice(-window));
  if (value === null || xs.length < MIN_HISTORY) {
    return { value, percentile: null, zScore: null, mean: null, window: xs.length };
  }
  let below = 0;
  let ties = 0;
  for (const x of xs) {
    if (x < value) below++;
    else if (x === value) ties++;
  }
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return {
    value,
    percentile: (below + ties / 2) / xs.length,
    zScore: sd > 0 ? (value - mean) / sd : 0,
    mean,
    window: xs.length,
  };
}
