/**
 * Chart input built from the real Binance files in test/fixtures/data.
 *
 * There is no daily history of Binance's quarterly futures in the data, so the headline basis is
 * *derived*: the day's funding paid on the BTCUSDT perpetual (sum of its 8h rates, btc_funding_8h.csv)
 * × 365. Cash-and-carry keeps a ~90-day future's annualized basis near the funding a perpetual long
 * pays, so this has the level (−10 … +40 %) and the swings of the real thing. Price is the spot
 * daily close (btc_spot_daily.csv). The averages are trailing means over full windows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BasisChartInput } from '../../core/chart.js';

const dataDir = fileURLToPath(new URL('../fixtures/data/', import.meta.url));
const rows = (file: string): string[][] =>
  readFileSync(dataDir + file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

const trailingMean = (vs: (number | null)[], n: number): (number | null)[] =>
  vs.map((_, i) => {
    if (i + 1 < n) return null;
    const w = vs.slice(i + 1 - n, i + 1);
    return w.some((v) => v === null) ? null : (w as number[]).reduce((a, b) => a + b, 0) / n;
  });

/** Days from `from` to `to` inclusive (both within 2021-01-01 … 2026-07-31). */
export function realChartInput(from: string, to: string, band: readonly [number, number] = [0.05, 0.1]): BasisChartInput {
  const spot = new Map(rows('btc_spot_daily.csv').map((r) => [r[0]!, Number(r[4])]));
  const funding = new Map<string, number>();
  for (const r of rows('btc_funding_8h.csv')) {
    const day = r[0]!.slice(0, 10);
    funding.set(day, (funding.get(day) ?? 0) + Number(r[2]));
  }
  // Compute over everything first so the averages are already warm on the first day shown.
  const allDays = [...spot.keys()].filter((d) => funding.has(d)).sort();
  const basis = allDays.map((d) => funding.get(d)! * 365);
  const ma7 = trailingMean(basis, 7);
  const ma30 = trailingMean(basis, 30);
  const keep = allDays.map((d, i) => [d, i] as const).filter(([d]) => d >= from && d <= to).map(([, i]) => i);
  return {
    title: 'BTC futures basis, ~90-day annualized',
    subtitle: `Daily, ${from} to ${to} · 7- and 30-day averages · Binance`,
    days: keep.map((i) => allDays[i]!),
    basis: keep.map((i) => basis[i]!),
    ma7: keep.map((i) => ma7[i] ?? null),
    ma30: keep.map((i) => ma30[i] ?? null),
    price: keep.map((i) => spot.get(allDays[i]!) ?? null),
    priceLabel: 'BTC spot (USDT)',
    band,
  };
}
