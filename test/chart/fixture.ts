/**
 * Chart input built from the real Binance files in test/fixtures/data.
 *
 * There is no daily history of Binance's quarterly futures in the data, so the headline basis is the
 * derived one of test/fixtures/history.ts (the real trailing 7-day mean funding APR): cash-and-carry
 * keeps a ~90-day future's annualized basis near the funding a perpetual long pays, so it has the
 * level and the swings of the real thing. Price is the spot daily close.
 */
import type { BasisChartInput } from '../../core/chart.js';
import { movingAverage } from '../../core/signals/series.js';
import { realHistory } from '../fixtures/history.js';

/** Days from `from` to `to` inclusive (both within 2021-01-08 … 2026-07-31). */
export function realChartInput(from: string, to: string, band: readonly [number, number] = [0.05, 0.1]): BasisChartInput {
  // Compute over everything first so the averages are already warm on the first day shown.
  const all = realHistory('2021-01-08', to);
  const basis = all.map((r) => r.headlineBasis);
  const ma7 = movingAverage(basis, 7);
  const ma30 = movingAverage(basis, 30);
  const keep = all.map((r, i) => [r.day, i] as const).filter(([d]) => d >= from).map(([, i]) => i);
  const allDays = all.map((r) => r.day);
  return {
    title: 'BTC futures basis, ~90-day annualized',
    subtitle: `Daily, ${from} to ${to} · 7- and 30-day averages · Binance`,
    days: keep.map((i) => allDays[i]!),
    basis: keep.map((i) => basis[i] ?? null),
    ma7: keep.map((i) => ma7[i] ?? null),
    ma30: keep.map((i) => ma30[i] ?? null),
    price: keep.map((i) => all[i]!.spot),
    priceLabel: 'BTC spot (USDT)',
    band,
  };
}
