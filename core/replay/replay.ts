/**
 * The walk-forward replay: every day of a history judged as the bot would have judged it that
 * day, on the data up to that day only — the same computeSignals() and classify() that analyze()
 * runs — with what spot did over the next 7 and 30 days beside it.
 *
 * Speed: the regime score reads at most a year of readings back (the funding and premium ranks
 * over THRESHOLDS.rankWindow, the 30-day average and its slope, the 90-day drawdown), so each day
 * is scored on a trailing window of that length rather than on the whole prefix. The score and
 * label are identical (test/core/replay/replay.test.ts checks it against analyze() on the prefix);
 * only the "first time since" runs, which the score does not read, would be shorter.
 */
import { addDays } from '../calendar.js';
import { classify, type RegimeLabel } from '../regime/classify.js';
import { THRESHOLDS } from '../regime/weights.js';
import { computeSignals } from '../signals/index.js';
import type { DailyReading, Day } from '../types.js';
import { HORIZON_DAYS } from './outcome.js';

export interface ReplayDay {
  day: Day;
  label: RegimeLabel;
  score: number;
  spot: number;
  /** The day's headline basis, for the basis-sign baseline. */
  basis: number | null;
  /** Spot's return over the 30 days to this day, for the momentum baseline. */
  return30: number | null;
  /** Spot's return from this day's close to the close 7 and 30 days later; null past the history's end. */
  forward7: number | null;
  forward30: number | null;
}

export interface ReplayOptions {
  asset?: string;
  /** Only days from `from` to `to` (inclusive) are judged; earlier days still feed the signals. */
  from?: Day;
  to?: Day;
}

/** Days a replay needs before its first call: the 30-day average and its slope, and 30 funding readings to rank. */
export const WARMUP_DAYS = 60;
/** Enough trailing readings for every driver of the score (see the file comment). */
export const SCORE_WINDOW = THRESHOLDS.rankWindow + 35;

function forward(history: readonly DailyReading[], i: number, days: number): number | null {
  const target = addDays(history[i]!.day, days);
  // Stored history is one reading a day; a gap moves the target, so look it up rather than assume.
  let j = Math.min(i + days, history.length - 1);
  while (j > i && history[j]!.day > target) j--;
  const r = history[j];
  return r && r.day === target && history[i]!.spot > 0 ? r.spot / history[i]!.spot - 1 : null;
}

export function replayHistory(history: readonly DailyReading[], band: readonly [number, number], opts: ReplayOptions = {}): ReplayDay[] {
  const out: ReplayDay[] = [];
  for (let i = WARMUP_DAYS; i < history.length; i++) {
    const r = history[i]!;
    if ((opts.from !== undefined && r.day < opts.from) || (opts.to !== undefined && r.day > opts.to)) continue;
    const window = history.slice(Math.max(0, i + 1 - SCORE_WINDOW), i + 1);
    const signals = computeSignals({ asset: opts.asset ?? '', history: window, snapshot: null, band });
    const regime = classify(signals);
    if (regime.drivers.length === 0) continue; // nothing to judge on: the bot would not have made a call
    out.push({
      day: r.day,
      label: regime.label,
      score: regime.score,
      spot: r.spot,
      basis: r.headlineBasis,
      return30: signals.momentum.return30,
      forward7: forward(history, i, 7),
      forward30: forward(history, i, HORIZON_DAYS),
    });
  }
  return out;
}
