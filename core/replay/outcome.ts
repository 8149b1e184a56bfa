/**
 * What a call is judged on: spot 30 days after the day it was made. A Bullish call held when spot
 * was higher, a Bearish one when it was lower, and a Neutral one when spot ended within
 * NEUTRAL_BAND of where it stood — a market that went nowhere much, which is what "neutral" claims.
 */
import type { RegimeLabel } from '../regime/classify.js';

/** The horizon every call is judged at. */
export const HORIZON_DAYS = 30;

/**
 * A Neutral call held when |30-day return| stayed under this. 10% is a round number near the
 * median 30-day move of BTC spot in 2021–2023 (12%), so about half of all days qualify.
 */
export const NEUTRAL_BAND = 0.1;

/** Did spot move the way `label` said, given its return over the horizon? */
export function heldAs(label: RegimeLabel, forwardReturn: number): boolean {
  if (label === 'Bullish') return forwardReturn > 0;
  if (label === 'Bearish') return forwardReturn < 0;
  return Math.abs(forwardReturn) < NEUTRAL_BAND;
}

/** How the note says what the label predicted, for "were followed by … 30 days later". */
export const EXPECTED: Readonly<Record<RegimeLabel, string>> = {
  Bullish: 'higher prices',
  Bearish: 'lower prices',
  Neutral: `spot within ${NEUTRAL_BAND * 100}% of its price`,
};
