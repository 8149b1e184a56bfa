/**
 * Series for the fake Coin Metrics API, of realistic size and simple enough to work out by hand:
 * - daily BTC inflows cycle through 21,000 … 30,000 coins (one step a day, ten days a cycle), so
 *   the median day of any 90 is exactly 25,500;
 * - the daily net flow cycles through ±300 … ±1,500 coins and sums to zero every ten days, so an
 *   ordinary week's net stays within a few thousand coins;
 * - exchange supply holds at 2,650,000 BTC (about what Coin Metrics reports for 2026);
 * - USD values are the coins × the real Binance spot close of the day (test/fixtures/data).
 * ETH is BTC × 15 in coins and 1/20 in price, as the fixture market scales it.
 */
import type { CmMetric } from '../../../bot/onchain/parse.js';
import { dayStart, DAY_MS } from '../../../core/calendar.js';
import type { Day } from '../../../core/types.js';
import { dayQuote, daysBetween } from '../../fixtures/history.js';
import type { FakeRow } from '../fakeCoinMetrics.js';

export interface FlowDay {
  inflow: number;
  outflow: number;
  supply: number;
}

const NET = [-1500, -900, -300, 300, 900, 1500, -1200, 600, -600, 1200];
export const BTC_SUPPLY = 2_650_000;

/** The background day: inflow 21,000 + 1,000 × (day number mod 10). */
export function backgroundDay(day: Day): FlowDay {
  const i = Math.round(dayStart(day) / DAY_MS);
  const inflow = 21_000 + 1_000 * (i % 10);
  return { inflow, outflow: inflow - NET[(i + 3) % 10]!, supply: BTC_SUPPLY };
}

export const btcPrice = (day: Day): number => {
  const q = dayQuote(day);
  if (!q) throw new Error(`no spot close for ${day}`);
  return q.spot;
};

/** Wire rows from `from` to `to`: background days, with `overrides` (by day) on top. */
export function flowRows(from: Day, to: Day, overrides: ReadonlyMap<Day, Partial<FlowDay>> = new Map(), asset: 'btc' | 'eth' = 'btc'): FakeRow[] {
  const [k, pk] = asset === 'eth' ? [15, 1 / 20] : [1, 1];
  return daysBetween(from, to).map((day) => {
    const d = { ...backgroundDay(day), ...overrides.get(day) };
    const price = btcPrice(day) * pk;
    const values: Partial<Record<CmMetric, string | null>> = {
      FlowInExNtv: String(d.inflow * k),
      FlowOutExNtv: String(d.outflow * k),
      FlowInExUSD: (d.inflow * k * price).toFixed(2),
      FlowOutExUSD: (d.outflow * k * price).toFixed(2),
      SplyExNtv: (d.supply * (asset === 'eth' ? 6.4 : 1)).toFixed(8),
    };
    return { day, values };
  });
}
