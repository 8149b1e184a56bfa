/**
 * The futures basis: today's level, its 7- and 30-day moving averages over the daily headline
 * basis, their directions and cross, and how long it has been on its side of zero and of the band.
 */
import { THRESHOLDS } from '../regime/weights.js';
import type { Day } from '../types.js';
import { at, currentRun, last, movingAverage, slope } from './series.js';
import type { BandSide, BasisSignal, SignSide } from './types.js';

export const signSide = (v: number): SignSide => (v < 0 ? 'negative' : 'positive');
export const bandSideOf =
  (band: readonly [number, number]) =>
  (v: number): BandSide =>
    v < band[0] ? 'below' : v > band[1] ? 'above' : 'inside';

/** Readings since the 7-day average last changed side of the 30-day, and the number of crosses in `within`. */
function crosses(ma7: readonly (number | null)[], ma30: readonly (number | null)[], within: number) {
  let lastSide: number | null = null;
  let lastCrossAt: number | null = null;
  let count = 0;
  for (let i = 0; i < ma7.length; i++) {
    const a = ma7[i];
    const b = ma30[i];
    if (a == null || b == null || a === b) continue;
    const side = a > b ? 1 : -1;
    if (lastSide !== null && side !== lastSide) {
      lastCrossAt = i;
      if (i >= ma7.length - within) count++;
    }
    lastSide = side;
  }
  return { daysAgo: lastCrossAt === null ? null : ma7.length - 1 - lastCrossAt, count };
}

/**
 * `days`/`daily` are the history's days and headline basis; `live` is today's headline from the
 * snapshot (appended as the newest point when it is for a later day than the history).
 */
export function basisSignal(
  days: readonly Day[],
  daily: readonly (number | null)[],
  band: readonly [number, number],
  live: { day: Day; value: number } | null,
): BasisSignal {
  const ma7 = movingAverage(daily, 7);
  const ma30 = movingAverage(daily, 30);
  const s7 = slope(ma7, THRESHOLDS.slopeDays, THRESHOLDS.flatSlope);
  const s30 = slope(ma30, THRESHOLDS.slopeDays, THRESHOLDS.flatSlope);
  const m7 = last(ma7);
  const m30 = last(ma30);

  const lastIdx = daily.findLastIndex((v) => v !== null);
  const appendLive = live !== null && (days.length === 0 || live.day > days[days.length - 1]!);
  const runDays = appendLive ? [...days, live.day] : days;
  const runVals = appendLive ? [...daily, live.value] : daily;
  const level = live?.value ?? (lastIdx >= 0 ? daily[lastIdx]! : null);
  const levelDay = live?.day ?? (lastIdx >= 0 ? days[lastIdx]! : null);
  const cross = crosses(ma7, ma30, 30);

  return {
    level,
    levelDay,
    source: live ? 'snapshot' : level === null ? null : 'history',
    band,
    bandSide: level === null ? null : bandSideOf(band)(level),
    ma7: m7,
    ma30: m30,
    ma7MonthAgo: at(ma7, ma7.length - 31),
    slope7: s7.change,
    slope30: s30.change,
    dir7: s7.dir,
    dir30: s30.dir,
    cross: m7 === null || m30 === null ? null : m7 >= m30 ? 'above' : 'below',
    crossDaysAgo: cross.daysAgo,
    crossCount30: cross.count,
    sign: currentRun(runDays, runVals, signSide),
    bandRun: currentRun(runDays, runVals, bandSideOf(band)),
    ma7Sign: currentRun(days, ma7, signSide),
  };
}
