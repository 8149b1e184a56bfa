/**
 * The calibration table: for each label and strength bucket, how many replayed days made that call
 * and how many of them spot then bore out (outcome.ts), with each label's base rate — the share of
 * all replayed days, whatever their label, on which spot moved that label's way.
 *
 * The figure the bot states is not the raw share. A bucket with 9 cases, all borne out, is not a
 * certainty, so the share is shrunk toward the base rate as if PRIOR_CASES more days had gone at
 * the base rate: (held + PRIOR_CASES × base) / (cases + PRIOR_CASES). With many cases it is the
 * share; with few it stays near the base rate. The base rate used there is itself counted with one
 * day each way ((moved + 1) / (days + 2)), so the figure never reaches 0% or 100%, and nothing is
 * stated until MIN_DAYS replayed days have an outcome.
 */
import { addDays } from '../calendar.js';
import type { RegimeLabel } from '../regime/classify.js';
import { THRESHOLDS } from '../regime/weights.js';
import type { Day } from '../types.js';
import { HORIZON_DAYS, heldAs } from './outcome.js';
import type { ReplayDay } from './replay.js';

export const LABELS: readonly RegimeLabel[] = ['Bullish', 'Neutral', 'Bearish'];

/**
 * Days at the base rate added to every bucket before its share is stated. Chosen on 2021–2023 only
 * (npm run backtest prints the search): the smallest of PRIOR_GRID whose Brier score there, for
 * BTC and for ETH, is within PRIOR_TOLERANCE of the best. It is large: on that history the
 * strength buckets told little more than the base rate, so the figure stays near it until a
 * bucket has hundreds of cases.
 */
export const PRIOR_CASES = 300;
export const PRIOR_GRID: readonly number[] = [10, 30, 100, 300, 1000];
export const PRIOR_TOLERANCE = 0.001;
/** Fewer cases than this are named as few ("only 9 cases"). */
export const FEW_CASES = 20;
/** Replayed days with an outcome needed before any figure is stated: a month of them. */
export const MIN_DAYS = 30;

/** A strength bucket: |regime score| in [lo, hi). */
export interface Bucket {
  id: string; // 'Bearish:0.35'
  label: RegimeLabel;
  lo: number;
  hi: number | null;
}

const T = THRESHOLDS.label;
const EDGES: Readonly<Record<RegimeLabel, readonly number[]>> = {
  Bullish: [T, 0.35, 0.5],
  Bearish: [T, 0.35, 0.5],
  // Neutral splits at half the threshold: firmly neutral, or leaning towards a label.
  Neutral: [0, T / 2],
};

export const BUCKETS: readonly Bucket[] = LABELS.flatMap((label) =>
  EDGES[label].map((lo, k, es) => ({ id: `${label}:${lo}`, label, lo, hi: es[k + 1] ?? (label === 'Neutral' ? T : null) })),
);

export function bucketOf(label: RegimeLabel, score: number): Bucket {
  const s = Math.abs(score);
  const own = BUCKETS.filter((b) => b.label === label);
  return own.findLast((b) => s >= b.lo) ?? own[0]!;
}

export interface Tally {
  cases: number;
  held: number;
}

export interface Calibration {
  /** The replayed days whose 30-day outcome is known, first and last. */
  from: Day | null;
  to: Day | null;
  days: number;
  byBucket: Readonly<Record<string, Tally>>;
  byLabel: Readonly<Record<RegimeLabel, Tally>>;
  /** Per label, the share of all those days on which spot moved that label's way; null with no days. */
  base: Readonly<Record<RegimeLabel, number | null>>;
}

const emptyTallies = <K extends string>(keys: readonly K[]): Record<K, Tally> =>
  Object.fromEntries(keys.map((k) => [k, { cases: 0, held: 0 }])) as Record<K, Tally>;

/**
 * Accumulates judged days one at a time, in day order, so a walk over a history can state each
 * day's confidence from the outcomes known by then without recounting (backtest, every-day tests).
 */
export function createCalibrator() {
  const byBucket = emptyTallies(BUCKETS.map((b) => b.id));
  const byLabel = emptyTallies(LABELS);
  const moved = { Bullish: 0, Neutral: 0, Bearish: 0 } as Record<RegimeLabel, number>;
  let days = 0;
  let from: Day | null = null;
  let to: Day | null = null;
  return {
    add(d: ReplayDay): void {
      if (d.forward30 === null) return;
      const held = heldAs(d.label, d.forward30);
      const b = byBucket[bucketOf(d.label, d.score).id]!;
      b.cases++;
      byLabel[d.label].cases++;
      if (held) {
        b.held++;
        byLabel[d.label].held++;
      }
      for (const l of LABELS) if (heldAs(l, d.forward30)) moved[l]++;
      days++;
      from ??= d.day;
      to = d.day;
    },
    table(): Calibration {
      const copy = (t: Record<string, Tally>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, { ...v }]));
      return {
        from,
        to,
        days,
        byBucket: copy(byBucket),
        byLabel: copy(byLabel) as Record<RegimeLabel, Tally>,
        base: Object.fromEntries(LABELS.map((l) => [l, days ? moved[l] / days : null])) as Record<RegimeLabel, number | null>,
      };
    },
  };
}

/** The table from every replayed day whose outcome was known by `asOf` (default: all with one). */
export function calibrate(days: readonly ReplayDay[], asOf?: Day): Calibration {
  const c = createCalibrator();
  const last = asOf === undefined ? null : addDays(asOf, -HORIZON_DAYS);
  for (const d of days) if (last === null || d.day <= last) c.add(d);
  return c.table();
}

/** What the history says about one call: the measured figure and what it rests on. */
export interface Confidence {
  label: RegimeLabel;
  bucket: Bucket;
  /** Replayed days in this label's bucket, and how many of them spot bore out. */
  cases: number;
  held: number;
  /** The label's base rate over all replayed days; null when nothing was replayed. */
  base: number | null;
  /** The stated figure (shrunk toward the base rate, see the file comment); null when nothing was replayed. */
  estimate: number | null;
  few: boolean;
}

export function confidenceFor(cal: Calibration | null, label: RegimeLabel, score: number, priorCases = PRIOR_CASES): Confidence {
  const bucket = bucketOf(label, score);
  const t = cal?.byBucket[bucket.id] ?? { cases: 0, held: 0 };
  const base = cal?.base[label] ?? null;
  if (cal === null || base === null || cal.days < MIN_DAYS) return { label, bucket, cases: t.cases, held: t.held, base, estimate: null, few: t.cases < FEW_CASES };
  const prior = (base * cal.days + 1) / (cal.days + 2);
  const estimate = (t.held + priorCases * prior) / (t.cases + priorCases);
  return { label, bucket, cases: t.cases, held: t.held, base, estimate, few: t.cases < FEW_CASES };
}
