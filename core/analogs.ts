/**
 * Historical analogs: the past days whose signal readings (basis level and trend, funding, OI
 * change, drawdown) sit nearest today's, each with what spot did over the next 30 days. Features
 * are scaled by their standard deviation over the history so no unit dominates. Only days that
 * share today's sign of the basis and the directions of its 7- and 30-day averages qualify: a
 * day with futures above spot is no analog of a day with futures below it, however near its
 * other readings.
 */
import { movingAverage, present } from './signals/series.js';
import type { Direction, Signals } from './signals/types.js';
import { THRESHOLDS } from './regime/weights.js';
import type { DailyReading, Day } from './types.js';

export interface Analog {
  day: Day;
  /** Root-mean-square distance in standard deviations over the features both days have. */
  distance: number;
  basis: number | null;
  fundingApr: number | null;
  drawdown90: number | null;
  /** Spot return over the 30 days after `day`. */
  forward30: number;
}

const HORIZON = 30;
const SEPARATION = 30;
const FEATURES = ['basis', 'trend', 'funding', 'oi', 'drawdown'] as const;

function featureColumns(history: readonly DailyReading[]): Record<(typeof FEATURES)[number], (number | null)[]> {
  const basis = history.map((r) => r.headlineBasis);
  const ma7 = movingAverage(basis, 7);
  const d = THRESHOLDS.slopeDays;
  const spot = history.map((r) => r.spot);
  return {
    basis,
    trend: ma7.map((v, i) => (v !== null && i >= d && ma7[i - d] != null ? v - ma7[i - d]! : null)),
    funding: history.map((r) => r.fundingApr),
    oi: history.map((r, i) => {
      const then = history[i - 7]?.openInterestUsd;
      return r.openInterestUsd !== null && then ? r.openInterestUsd / then - 1 : null;
    }),
    drawdown: drawdowns(spot, 90),
  };
}

/** Each day's close against the highest close of the `window` days to it, with a running-max deque. */
function drawdowns(spot: readonly number[], window: number): number[] {
  const out: number[] = [];
  const q: number[] = []; // indices of closes in decreasing order
  for (let i = 0; i < spot.length; i++) {
    while (q.length && spot[q.at(-1)!]! <= spot[i]!) q.pop();
    q.push(i);
    while (q[0]! <= i - window) q.shift();
    out.push(spot[i]! / spot[q[0]!]! - 1);
  }
  return out;
}

/** Each day's direction of a moving average, judged as the signals judge today's (series.ts slope). */
function directions(ma: readonly (number | null)[]): (Direction | null)[] {
  const d = THRESHOLDS.slopeDays;
  return ma.map((now, i) => {
    const then = i >= d ? ma[i - d] : null;
    if (now == null || then == null) return null;
    const change = now - then;
    return Math.abs(change) < THRESHOLDS.flatSlope ? 'flat' : change > 0 ? 'rising' : 'falling';
  });
}

const sd = (xs: number[]): number => {
  if (xs.length < 2) return 0;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

export function findAnalogs(history: readonly DailyReading[], signals: Signals, count = 3): Analog[] {
  const n = history.length;
  if (n <= HORIZON + SEPARATION) return [];
  const cols = featureColumns(history);
  const today: Record<(typeof FEATURES)[number], number | null> = {
    basis: signals.basis.level,
    trend: signals.basis.slope7,
    funding: signals.funding.value,
    oi: signals.leverage.change7,
    drawdown: signals.momentum.drawdown90,
  };
  const scale = Object.fromEntries(FEATURES.map((f) => [f, sd(present(cols[f]))])) as Record<(typeof FEATURES)[number], number>;
  const basis = history.map((r) => r.headlineBasis);
  const dir7 = directions(movingAverage(basis, 7));
  const dir30 = directions(movingAverage(basis, 30));
  const b = signals.basis;
  const alike = (i: number) => (cols.basis[i]! < 0) === (b.level! < 0) && dir7[i] === b.dir7 && dir30[i] === b.dir30;

  const scored: { i: number; distance: number }[] = [];
  // Only days with 30 days after them, which also keeps every analog 30 days from today.
  for (let i = 0; i < n - Math.max(HORIZON, SEPARATION); i++) {
    if (cols.basis[i] == null || today.basis === null || !alike(i)) continue;
    let sum = 0;
    let k = 0;
    for (const f of FEATURES) {
      const a = cols[f][i];
      const b = today[f];
      if (a == null || b === null || !(scale[f] > 0)) continue;
      sum += ((a - b) / scale[f]) ** 2;
      k++;
    }
    if (k >= 2) scored.push({ i, distance: Math.sqrt(sum / k) });
  }
  scored.sort((a, b) => a.distance - b.distance || a.i - b.i);

  const picked: typeof scored = [];
  for (const s of scored) {
    if (picked.length >= count) break;
    if (picked.every((p) => Math.abs(p.i - s.i) >= SEPARATION)) picked.push(s);
  }
  return picked.map(({ i, distance }) => {
    const r = history[i]!;
    return {
      day: r.day,
      distance: Math.round(distance * 1000) / 1000,
      basis: r.headlineBasis,
      fundingApr: r.fundingApr,
      drawdown90: cols.drawdown[i] ?? null,
      forward30: history[i + HORIZON]!.spot / r.spot - 1,
    };
  });
}
