/**
 * The backtest's arithmetic, over a walk-forward replay (replay.ts): each day with the confidence
 * the bot would have stated that day — from the outcomes known by then, exactly as its daily cache
 * would — then, per period: per label the days, the 7- and 30-day forward returns and the share
 * that moved the labelled way against the base rate; the same for two naive rules (the sign of the
 * basis alone; 30-day momentum alone); the calibration of the stated confidence and its Brier
 * score, beside the Brier score of always stating the base rate.
 */
import { addDays } from '../calendar.js';
import type { RegimeLabel } from '../regime/classify.js';
import type { Day } from '../types.js';
import { LABELS, PRIOR_CASES, PRIOR_GRID, PRIOR_TOLERANCE, confidenceFor, createCalibrator } from './calibration.js';
import { HORIZON_DAYS, heldAs } from './outcome.js';
import type { ReplayDay } from './replay.js';

export interface StatedDay extends ReplayDay {
  /** The confidence the bot would have stated that day; null before enough outcomes were known. */
  stated: number | null;
  /** The label's base rate known that day (counted as the stated figure's prior is): the naive forecast. */
  baseThen: number | null;
}

/** Each day with what the bot would have stated that day, from the outcomes known by then. */
export function walkForward(days: readonly ReplayDay[], priorCases = PRIOR_CASES): StatedDay[] {
  const c = createCalibrator();
  let known = 0;
  return days.map((d) => {
    while (known < days.length && addDays(days[known]!.day, HORIZON_DAYS) <= d.day) c.add(days[known++]!);
    const table = c.table();
    const conf = confidenceFor(table, d.label, d.score, priorCases);
    const base = table.base[d.label];
    return { ...d, stated: conf.estimate, baseThen: conf.estimate === null || base === null ? null : (base * table.days + 1) / (table.days + 2) };
  });
}

export interface Period {
  name: string;
  from: Day;
  to: Day;
}

export interface LabelRow {
  label: RegimeLabel;
  days: number;
  mean7: number | null;
  median7: number | null;
  mean30: number | null;
  median30: number | null;
  /** Days with a 30-day outcome, and the share of them that moved the labelled way. */
  judged: number;
  share: number | null;
  /** The share of every judged day of the period that moved this label's way. */
  base: number | null;
}

export interface RuleRow {
  rule: string;
  label: 'Bullish' | 'Bearish';
  judged: number;
  share: number | null;
  base: number | null;
}

export interface CalibrationBin {
  lo: number;
  hi: number;
  days: number;
  meanStated: number | null;
  observed: number | null;
}

export interface PeriodReport {
  period: Period;
  days: number;
  judged: number;
  labels: LabelRow[];
  rules: RuleRow[];
  calibration: CalibrationBin[];
  /** Mean (stated − outcome)² over the days with a stated figure and an outcome; and the same for the base rate then. */
  brier: number | null;
  brierBase: number | null;
  brierDays: number;
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const shareOf = (n: number, of: number): number | null => (of ? n / of : null);
const present = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);

/** The stated-confidence bins of the calibration table. */
export const CALIBRATION_BINS: readonly [number, number][] = [
  [0, 0.4],
  [0.4, 0.5],
  [0.5, 0.6],
  [0.6, 0.7],
  [0.7, 1],
];

/** The naive rules: a label from one reading alone (null: no call that day). */
export const RULES: readonly { name: string; call: (d: ReplayDay) => 'Bullish' | 'Bearish' | null }[] = [
  { name: 'Basis sign alone', call: (d) => (d.basis === null ? null : d.basis > 0 ? 'Bullish' : d.basis < 0 ? 'Bearish' : null) },
  { name: '30-day momentum alone', call: (d) => (d.return30 === null ? null : d.return30 > 0 ? 'Bullish' : d.return30 < 0 ? 'Bearish' : null) },
];

export function periodReport(all: readonly StatedDay[], period: Period): PeriodReport {
  const days = all.filter((d) => d.day >= period.from && d.day <= period.to);
  const judged = days.filter((d) => d.forward30 !== null);
  const base = (l: RegimeLabel) => shareOf(judged.filter((d) => heldAs(l, d.forward30!)).length, judged.length);
  const labels = LABELS.map((label): LabelRow => {
    const mine = days.filter((d) => d.label === label);
    const f7 = present(mine.map((d) => d.forward7));
    const f30 = present(mine.map((d) => d.forward30));
    return {
      label,
      days: mine.length,
      mean7: mean(f7),
      median7: median(f7),
      mean30: mean(f30),
      median30: median(f30),
      judged: f30.length,
      share: shareOf(f30.filter((r) => heldAs(label, r)).length, f30.length),
      base: base(label),
    };
  });
  const rules = RULES.flatMap((rule) =>
    (['Bullish', 'Bearish'] as const).map((label): RuleRow => {
      const mine = judged.filter((d) => rule.call(d) === label);
      return { rule: rule.name, label, judged: mine.length, share: shareOf(mine.filter((d) => heldAs(label, d.forward30!)).length, mine.length), base: base(label) };
    }),
  );
  const scored = judged.filter((d) => d.stated !== null);
  const outcome = (d: StatedDay) => (heldAs(d.label, d.forward30!) ? 1 : 0);
  const calibration = CALIBRATION_BINS.map(([lo, hi]): CalibrationBin => {
    const bin = scored.filter((d) => d.stated! >= lo && (d.stated! < hi || (hi === 1 && d.stated! <= 1)));
    return { lo, hi, days: bin.length, meanStated: mean(bin.map((d) => d.stated!)), observed: mean(bin.map(outcome)) };
  });
  return {
    period,
    days: days.length,
    judged: judged.length,
    labels,
    rules,
    calibration,
    brier: mean(scored.map((d) => (d.stated! - outcome(d)) ** 2)),
    brierBase: mean(scored.map((d) => (d.baseThen! - outcome(d)) ** 2)),
    brierDays: scored.length,
  };
}

/** Mean (stated − outcome)² of the walk with this prior, over the period's days with both. */
export function brierWith(days: readonly ReplayDay[], period: Period, priorCases: number): number | null {
  const scored = walkForward(days, priorCases).filter((d) => d.day >= period.from && d.day <= period.to && d.stated !== null && d.forward30 !== null);
  return mean(scored.map((d) => (d.stated! - (heldAs(d.label, d.forward30!) ? 1 : 0)) ** 2));
}

/**
 * The prior strength the bot uses, chosen on `inSample` only: the smallest of PRIOR_GRID whose
 * Brier score is within PRIOR_TOLERANCE of the best, for every history given.
 */
export function tunePrior(histories: readonly (readonly ReplayDay[])[], inSample: Period): { chosen: number; brier: number[][] } {
  const brier = histories.map((days) => PRIOR_GRID.map((m) => brierWith(days, inSample, m) ?? Infinity));
  const chosen = PRIOR_GRID.find((_, k) => brier.every((row) => row[k]! <= Math.min(...row) + PRIOR_TOLERANCE)) ?? PRIOR_GRID.at(-1)!;
  return { chosen, brier };
}
