/** Readings and check loops shared by the alert specs. */
import { analyze, type Analysis } from '../../../core/analysis.js';
import type { AlertReadings } from '../../../core/alerts/readings.js';
import { alertReadings } from '../../../core/alerts/readings.js';
import { detectTransitions, type Transition } from '../../../core/alerts/transitions.js';
import type { AlertState } from '../../../core/alerts/types.js';
import { dayClose } from '../../../core/calendar.js';
import { calibrate } from '../../../core/replay/calibration.js';
import { replayHistory } from '../../../core/replay/replay.js';
import type { Day } from '../../../core/types.js';
import { daysBetween, realHistory } from '../../fixtures/history.js';

export const MINUTE = 60_000;
export const T0 = Date.parse('2026-02-06T09:00:00Z');

/** A calm market: basis +1% (above zero, inside the 0%–2% band), 7-day over the 30-day, funding +10%, Neutral. */
export const calm = (over: Partial<AlertReadings> = {}): AlertReadings => ({
  basis: 0.01,
  band: [0, 0.02],
  ma7: 0.05,
  ma30: 0.04,
  fundingApr: 0.1,
  regime: { label: 'Neutral', score: 0 },
  ...over,
});

/** The regime reading as classify() would label that score. */
export const regimeAt = (score: number): AlertReadings['regime'] => ({
  label: score >= 0.2 ? 'Bullish' : score <= -0.2 ? 'Bearish' : 'Neutral',
  score,
});

export interface Check {
  at: number;
  state: AlertState;
  transitions: Transition[];
}

/** Runs one check a minute from `start`, threading the state as the watcher does. */
export function checks(seq: readonly AlertReadings[], prev: AlertState | null = null, start = T0): Check[] {
  let state = prev;
  return seq.map((r, i) => {
    const at = start + i * MINUTE;
    const d = detectTransitions(state, r, at);
    state = d.state;
    return { at, ...d };
  });
}

/** The state after these readings, one a minute. */
export const settle = (seq: readonly AlertReadings[], prev: AlertState | null = null): AlertState => checks(seq, prev).at(-1)!.state;

export interface DailyCheck extends Check {
  day: Day;
  analysis: Analysis;
  readings: AlertReadings;
}

/**
 * The watcher on the real fixture history: after each daily close from `from` to `to`, three checks
 * a minute apart (the readings only change daily here, so three checks confirm what a day moved).
 */
export function dailyChecks(from: Day, to: Day, band: readonly [number, number], historyFrom: Day = '2024-01-01'): DailyCheck[] {
  let state: AlertState | null = null;
  const out: DailyCheck[] = [];
  // One replay for the whole walk: each day's table counts the days whose outcome was known by then,
  // which is the table analyze() would replay from that day's history (test/core/replay).
  const replayed = replayHistory(realHistory(historyFrom, to), band);
  for (const day of daysBetween(from, to)) {
    const calibration = calibrate(replayed, day);
    const analysis = analyze({ asset: 'BTC', history: realHistory(historyFrom, day), snapshot: null, band, calibration });
    const readings = alertReadings(analysis, band);
    for (let k = 1; k <= 3; k++) {
      const at = dayClose(day) + k * MINUTE;
      const d = detectTransitions(state, readings, at);
      state = d.state;
      out.push({ day, at, analysis, readings, ...d });
    }
  }
  return out;
}
