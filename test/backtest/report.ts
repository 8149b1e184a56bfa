/** The backtest's tables as text, as `npm run backtest` prints them and the README quotes them. */
import { tableLines } from '../../commands/reply.js';
import { pct, signedPct } from '../../core/format.js';
import { PRIOR_CASES } from '../../core/replay/calibration.js';
import { NEUTRAL_BAND } from '../../core/replay/outcome.js';
import type { PeriodReport } from '../../core/replay/backtest.js';

const p = (x: number | null, d = 1) => (x === null ? 'n/a' : signedPct(x, d));
const share = (x: number | null) => (x === null ? 'n/a' : pct(x, 0));
const n = (x: number) => x.toLocaleString('en-US');
/** Share − base in percentage points, and what it means. */
function edge(s: number | null, base: number | null): string {
  if (s === null || base === null) return 'n/a';
  const pts = Math.round((s - base) * 100);
  return `${pts > 0 ? '+' : pts < 0 ? '−' : '±'}${Math.abs(pts)} pts`;
}
const verdict = (s: number | null, base: number | null, judged: number): string =>
  s === null || base === null ? 'no days' : judged < 20 ? 'too few days' : s - base >= 0.03 ? 'better than the base rate' : s - base > -0.03 ? 'no better than the base rate' : 'worse than the base rate';

export function periodLines(r: PeriodReport): string[] {
  const out: string[] = [`${r.period.name}: ${r.period.from} to ${r.period.to} — ${n(r.days)} days called, ${n(r.judged)} with a 30-day outcome`];
  if (r.days === 0) return [...out, '  (no days in this period)'];
  out.push(
    ...tableLines({
      columns: ['Label', 'Days', 'Mean 7d', 'Median 7d', 'Mean 30d', 'Median 30d', 'Moved its way', 'Base rate', 'Edge', ''],
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      rows: r.labels.map((l) => [l.label, n(l.days), p(l.mean7), p(l.median7), p(l.mean30), p(l.median30), share(l.share), share(l.base), edge(l.share, l.base), verdict(l.share, l.base, l.judged)]),
    }).map((x) => `  ${x}`),
    '',
    '  Naive baselines (a call from one reading alone):',
    ...tableLines({
      columns: ['Rule', 'Call', 'Days', 'Moved its way', 'Base rate', 'Edge'],
      align: ['left', 'left', 'right', 'right', 'right', 'right'],
      rows: r.rules.map((x) => [x.rule, x.label, n(x.judged), share(x.share), share(x.base), edge(x.share, x.base)]),
    }).map((x) => `  ${x}`),
    '',
    '  Calibration of the stated confidence (walk-forward: each day states what the outcomes known by then say):',
    ...tableLines({
      columns: ['Stated', 'Days', 'Mean stated', 'Observed'],
      align: ['left', 'right', 'right', 'right'],
      rows: r.calibration.map((b) => [`${pct(b.lo, 0)}–${pct(b.hi, 0)}`, n(b.days), share(b.meanStated), share(b.observed)]),
    }).map((x) => `  ${x}`),
    `  Brier score of the stated confidence: ${r.brier === null ? 'n/a' : r.brier.toFixed(3)} over ${n(r.brierDays)} days (always stating the base rate known then: ${r.brierBase === null ? 'n/a' : r.brierBase.toFixed(3)}; lower is better)`,
  );
  return out;
}

export const LEGEND = [
  `Moved its way: Bullish — spot higher 30 days later; Bearish — lower; Neutral — within ±${pct(NEUTRAL_BAND, 0)}.`,
  'Base rate: the share of all the period’s days on which spot moved that way, whatever the label. Edge: the difference.',
  `Stated confidence: the bucket's share of past days that moved the labelled way, shrunk toward the base rate by ${PRIOR_CASES} cases.`,
];
