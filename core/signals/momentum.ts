/** Spot momentum: 7- and 30-day returns, this week against last, and the drawdown from the 90-day high. */
import { at, last } from './series.js';
import type { Day } from '../types.js';
import type { MomentumSignal } from './types.js';

const ret = (closes: readonly number[], from: number, to: number): number | null => {
  const a = at(closes, from);
  const b = at(closes, to);
  return a === null || b === null || a === 0 ? null : b / a - 1;
};

/**
 * `closes` are daily spot closes, oldest first, ending with the latest complete day (`day`);
 * `live` is the snapshot's spot price, reported beside the close and never mixed into the returns.
 */
export function momentumSignal(closes: readonly number[], day: Day | null = null, live: number | null = null): MomentumSignal {
  const n = closes.length - 1;
  const price = last(closes);
  const return7 = ret(closes, n - 7, n);
  const prevReturn7 = ret(closes, n - 14, n - 7);
  const window = closes.slice(Math.max(0, closes.length - 90));
  const high90 = window.length > 0 ? Math.max(...window) : null;
  return {
    price,
    priceDay: price === null ? null : day,
    live,
    return7,
    return30: ret(closes, n - 30, n),
    prevReturn7,
    acceleration: return7 !== null && prevReturn7 !== null ? return7 - prevReturn7 : null,
    high90,
    drawdown90: price !== null && high90 ? price / high90 - 1 : null,
  };
}
