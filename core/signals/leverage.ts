/**
 * Leverage as open interest shows it: the 7- and 30-day change and where OI sits in its 90-day
 * range. The leverage ratio (OI ÷ coins on exchanges) is an on-chain reading: signals/onchain.ts.
 */
import { at } from './series.js';
import type { LeverageSignal } from './types.js';

const change = (oi: readonly (number | null)[], days: number): number | null => {
  const now = at(oi, oi.length - 1);
  const then = at(oi, oi.length - 1 - days);
  return now === null || then === null || then === 0 ? null : now / then - 1;
};

/**
 * `oi` is daily OI in USD (oldest first, ending with the last complete day); `live` is today's,
 * from the snapshot, and extends the series by one day, as the live basis and funding do.
 */
export function leverageSignal(oi: readonly (number | null)[], live: number | null): LeverageSignal {
  const series = live === null ? oi : [...oi, live];
  const now = at(series, series.length - 1);
  const window = series.slice(-90).filter((v): v is number => v !== null);
  let range90: number | null = null;
  if (now !== null && window.length >= 20) {
    const lo = Math.min(...window);
    const hi = Math.max(...window);
    range90 = hi > lo ? (now - lo) / (hi - lo) : 0.5;
  }
  return { oiUsd: now, change7: change(series, 7), change30: change(series, 30), range90 };
}
