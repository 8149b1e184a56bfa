/**
 * `npm run backtest [-- --asset ETH] [--from YYYY-MM-DD] [--to YYYY-MM-DD]`: replays the bundled
 * real history (test/fixtures/history.ts: Binance spot, perpetual and funding, the CME dated basis)
 * day by day through the same core code the bot runs — each day judged on the data up to that day
 * only — and prints, for 2021–2023, for 2024–2026 and for the whole range, how the labels did
 * against the base rate and two naive rules, the calibration of the stated confidence and its
 * Brier score. It writes a PNG of spot shaded by label under data/backtest/.
 *
 * Nothing is tuned on this replay: the weights and thresholds are those of core/regime/weights.ts.
 * The strength buckets and the ±10% Neutral band were set from 2021–2023 data (core/replay), so
 * 2024–2026 is out of sample for them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createChartRenderer } from '../../bot/chart/render.js';
import { addDays } from '../../core/calendar.js';
import { regimeChartSvg } from '../../core/chart/regimes.js';
import { brierWith, periodReport, tunePrior, walkForward, type Period } from '../../core/replay/backtest.js';
import { PRIOR_CASES, PRIOR_GRID } from '../../core/replay/calibration.js';
import { tableLines } from '../../commands/reply.js';
import { replayHistory } from '../../core/replay/replay.js';
import type { Day } from '../../core/types.js';
import { realHistory, type FixtureAsset } from '../fixtures/history.js';
import { LEGEND, periodLines } from './report.js';

/** The days every bundled series covers (test/fixtures/data/SOURCES.md): spot, perpetual and funding. */
const DATA: Record<FixtureAsset, { first: Day; last: Day }> = {
  BTC: { first: '2021-01-01', last: '2026-07-31' },
  ETH: { first: '2021-01-01', last: '2026-06-30' },
};
/** The regime reads the 30-day basis average and its 5-day slope: judge from 35 days after the basis starts. */
const BASIS_WARMUP = 35;
const BAND = [0, 0.02] as const; // the bot's default BASIS_BAND
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface BacktestOptions {
  asset: FixtureAsset;
  from?: Day;
  to?: Day;
  png?: string | null; // where to write the chart; null: none
}

export const IN_SAMPLE: Period = { name: '2021–2023 (in sample: the buckets, the Neutral band and the prior strength were set on it)', from: '2021-01-01', to: '2023-12-31' };
export const OUT_OF_SAMPLE: Period = { name: '2024–2026 (out of sample)', from: '2024-01-01', to: '2026-12-31' };

/** One asset's bundled history replayed walk-forward, from `from` to `to` (defaults: where the basis is). */
export function replayAsset(asset: FixtureAsset, from?: Day, to?: Day) {
  const history = realHistory(DATA[asset].first, DATA[asset].last, { asset, basis: 'cme' });
  const withBasis = history.filter((r) => r.headlineBasis !== null);
  const f = from ?? addDays(withBasis[0]!.day, BASIS_WARMUP);
  const t = to ?? withBasis.at(-1)!.day; // after the last basis reading the basis would be stale
  return { history, from: f, to: t, replayed: replayHistory(history, BAND, { asset, from: f, to: t }) };
}

/** The prior strength search on 2021–2023, for both bundled assets, and how each choice did out of sample for `asset`. */
function priorLines(asset: FixtureAsset, own: ReturnType<typeof replayAsset>, ownIsDefault: boolean): string[] {
  const both = (['BTC', 'ETH'] as const).map((a) => (a === asset && ownIsDefault ? own : replayAsset(a)));
  const { chosen, brier } = tunePrior(both.map((x) => x.replayed), IN_SAMPLE);
  const rows = PRIOR_GRID.map((m, k) => [
    String(m),
    ...brier.map((row) => row[k]!.toFixed(4)),
    brierWith(own.replayed, OUT_OF_SAMPLE, m)?.toFixed(4) ?? 'n/a',
    m === chosen ? 'chosen' : '',
  ]);
  return [
    'Prior strength of the stated confidence (cases at the base rate added to each bucket), chosen on 2021–2023 only:',
    ...tableLines({ columns: ['Prior', 'Brier BTC 2021–23', 'Brier ETH 2021–23', `Brier ${asset} 2024–26`, ''], align: ['right', 'right', 'right', 'right', 'left'], rows }).map((x) => `  ${x}`),
    `  The smallest prior within 0.001 of the best on both: ${chosen}${chosen === PRIOR_CASES ? ', as the bot uses (core/replay/calibration.ts)' : ` — the bot uses ${PRIOR_CASES}: update core/replay/calibration.ts`}.`,
  ];
}

export function runBacktest(o: BacktestOptions): { lines: string[]; pngPath: string | null; ms: number } {
  const t0 = performance.now();
  const own = replayAsset(o.asset, o.from, o.to);
  const { history, from, to } = own;
  const days = walkForward(own.replayed);
  const clip = (p: Period): Period => ({ ...p, from: p.from < from ? from : p.from, to: p.to > to ? to : p.to });
  const periods: Period[] = [clip(IN_SAMPLE), clip(OUT_OF_SAMPLE), { name: 'Whole range', from, to }];
  const lines = [
    `${o.asset} backtest — ${days.length.toLocaleString('en-US')} days replayed walk-forward, ${from} to ${to} (outcomes from spot to ${history.at(-1)!.day})`,
    `Data: Binance ${o.asset}USDT spot, perpetual and funding; the ~90-day basis from CME Micro ${o.asset === 'BTC' ? 'Bitcoin' : 'Ether'} futures against Binance spot. Band ${BAND[0] * 100}%–${BAND[1] * 100}%.`,
    ...LEGEND,
    '',
    ...periods.flatMap((p) => [...periodLines(periodReport(days, p)), '']),
    ...priorLines(o.asset, own, o.from === undefined && o.to === undefined),
  ];
  let pngPath: string | null = null;
  if (o.png !== null) {
    const shown = history.filter((r) => r.day >= from && r.day <= to);
    const label = new Map(days.map((d) => [d.day, d.label]));
    const svg = regimeChartSvg({
      title: `${o.asset} spot, shaded by the replayed regime label`,
      subtitle: `Daily close ${from} to ${to} · each day labelled on the data up to that day`,
      days: shown.map((r) => r.day),
      price: shown.map((r) => r.spot),
      labels: shown.map((r) => label.get(r.day) ?? null),
    });
    pngPath = resolve(o.png ?? join('data', 'backtest', `${o.asset.toLowerCase()}-regimes.png`));
    mkdirSync(resolve(pngPath, '..'), { recursive: true });
    writeFileSync(pngPath, createChartRenderer()(svg));
  }
  return { lines, pngPath, ms: performance.now() - t0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { asset: { type: 'string', default: 'BTC' }, from: { type: 'string' }, to: { type: 'string' }, png: { type: 'string' } } });
  const asset = values.asset!.toUpperCase();
  const bad = (msg: string) => {
    console.error(msg);
    process.exit(2);
  };
  if (asset !== 'BTC' && asset !== 'ETH') bad(`--asset must be BTC or ETH (the bundled histories), not "${values.asset}"`);
  for (const k of ['from', 'to'] as const) if (values[k] !== undefined && !DAY_RE.test(values[k]!)) bad(`--${k} must be a day, YYYY-MM-DD`);
  const r = runBacktest({ asset: asset as FixtureAsset, ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}), ...(values.png ? { png: values.png } : {}) });
  console.log(r.lines.join('\n'));
  console.log(`Chart: ${r.pngPath}`);
  console.log(`(${(r.ms / 1000).toFixed(1)} s)`);
}
