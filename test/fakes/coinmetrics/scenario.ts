/**
 * The seed-like flip of February 2026 (the basis turned negative on the 6th) told on-chain: a week
 * of rising net inflows to exchanges and a cooling leverage ratio, on top of the background series
 * of ./data.ts. Every figure the tests expect follows from the numbers here by hand:
 *
 * Net flows 4–10 February 2026: 2,000 · 3,000 · 4,000 · 4,500 · 5,000 · 5,500 · 7,200 = 31,200 BTC.
 * At the real closes (73,165.83 · 62,909.86 · 70,580.26 · 69,289.38 · 70,330.38 · 70,138 · 68,841.29)
 * that is $2,162,252,678. The only larger week: 5–11 March 2025, 5,000 a day = 35,000 BTC, 336 days
 * (11 months) before. The 5 February inflow, 56,100 BTC, is 2.2 × the 25,500 median day of the 90
 * before the week. Exchange supply rises from 2,650,000 with the week's nets to 2,681,200.
 *
 * Binance open interest (coins) is 110,000 through the year, with the year's low of 92,750 on
 * 8 April 2025 and high of 132,500 on 6 October 2025, then falls from 121,900 on 11 January 2026
 * to 104,000 on 3 February and 98,000 on 10 February. So the leverage ratio is 121,900 / 2,650,000
 * = 0.046 a month before, 104,000 / 2,650,000 = 0.03925 a week before and 98,000 / 2,681,200 =
 * 0.03655 on the day: −6.9% in seven days, −20.5% in 30, at (0.03655 − 0.035) / (0.05 − 0.035) =
 * 10% of its one-year range (0.035 = 92,750 / 2,650,000 to 0.05 = 132,500 / 2,650,000).
 */
import type { CmMetric } from '../../../bot/onchain/parse.js';
import { openInterestCoins, type OnChainInput } from '../../../core/signals/onchain.js';
import type { Day, ExchangeDay, HistoryPoint } from '../../../core/types.js';
import { daysBetween } from '../../fixtures/history.js';
import type { FakeRow } from '../fakeCoinMetrics.js';
import { BTC_SUPPLY, flowRows, type FlowDay } from './data.js';

const WEEK: [Day, number, number][] = [
  ['2026-02-04', 26_000, 24_000],
  ['2026-02-05', 56_100, 53_100],
  ['2026-02-06', 28_000, 24_000],
  ['2026-02-07', 27_500, 23_000],
  ['2026-02-08', 29_000, 24_000],
  ['2026-02-09', 30_500, 25_000],
  ['2026-02-10', 33_200, 26_000],
];

export function flipOverrides(): Map<Day, Partial<FlowDay>> {
  const m = new Map<Day, Partial<FlowDay>>();
  for (const day of daysBetween('2025-03-05', '2025-03-11')) m.set(day, { inflow: 30_000, outflow: 25_000 });
  let supply = BTC_SUPPLY;
  for (const [day, inflow, outflow] of WEEK) {
    supply += inflow - outflow;
    m.set(day, { inflow, outflow, supply });
  }
  return m;
}

/** The wire rows the fake serves: two and a half years to the flip. */
export const flipRows = (to: Day = '2026-02-10'): FakeRow[] => flowRows('2023-06-01', to, flipOverrides());

/** Stored Binance open interest in coins, one reading a day, as the bot's daily snapshots leave it. */
export function flipOpenInterest(): HistoryPoint[] {
  const coins = new Map<Day, number>();
  for (const day of daysBetween('2025-01-01', '2026-01-10')) coins.set(day, 110_000);
  coins.set('2025-04-08', 92_750);
  coins.set('2025-10-06', 132_500);
  // A steady fall, pinned at the three days the note reads: a month, a week and none before.
  const path = (from: Day, a: number, to: Day, b: number) => {
    const days = daysBetween(from, to);
    days.forEach((d, i) => coins.set(d, a + ((b - a) * i) / (days.length - 1)));
  };
  path('2026-01-11', 121_900, '2026-02-03', 104_000);
  path('2026-02-03', 104_000, '2026-02-10', 98_000);
  return [...coins].map(([day, value]) => ({ venue: 'binance', asset: 'BTC', series: 'oi_coins', day, value }));
}

/** Wire rows as ExchangeDays (the parse and store round trip, for pure tests). */
export function exchangeDays(rows: FakeRow[]): ExchangeDay[] {
  const n = (m: CmMetric, r: FakeRow) => (r.values[m] === undefined || r.values[m] === null ? null : Number(r.values[m]));
  return rows.map((r) => ({
    day: r.day,
    flowInNtv: n('FlowInExNtv', r),
    flowOutNtv: n('FlowOutExNtv', r),
    flowInUsd: n('FlowInExUSD', r),
    flowOutUsd: n('FlowOutExUSD', r),
    supplyNtv: n('SplyExNtv', r),
  }));
}

/** The scenario as core reads it: the served days from 2024-02-12 and the stored Binance open interest. */
export function flipOnChainInput(): OnChainInput {
  return {
    ok: true,
    series: { source: 'Coin Metrics', days: exchangeDays(flipRows().filter((r) => r.day >= '2024-02-12')), notServed: [] },
    openInterest: openInterestCoins(flipOpenInterest(), ['binance']),
  };
}
