/** Small pure helpers over daily series (oldest first, null = no reading that day). */
import type { Day } from '../types.js';
import type { Direction, SideRun } from './types.js';

/**
 * Trailing mean of the last `window` readings, today included. Missing readings are skipped, but
 * a window with fewer than half of its readings gives null rather than a mean of a few points.
 */
export function movingAverage(values: readonly (number | null)[], window: number): (number | null)[] {
  const out: (number | null)[] = [];
  const need = Math.ceil(window / 2);
  for (let i = 0; i < values.length; i++) {
    if (i < window - 1) {
      out.push(null);
      continue;
    }
    let sum = 0;
    let n = 0;
    for (let j = i - window + 1; j <= i; j++) {
      const v = values[j];
      if (v !== null && v !== undefined) {
        sum += v;
        n++;
      }
    }
    out.push(n >= need ? sum / n : null);
  }
  return out;
}

export const at = <T>(xs: readonly (T | null)[], i: number): T | null => (i >= 0 && i < xs.length ? (xs[i] ?? null) : null);
export const last = <T>(xs: readonly (T | null)[]): T | null => at(xs, xs.length - 1);

/** Change over the last `days` readings, and whether that is a rise, a fall or flat. */
export function slope(values: readonly (number | null)[], days: number, flat: number): { change: number | null; dir: Direction | null } {
  const now = last(values);
  const then = at(values, values.length - 1 - days);
  if (now === null || then === null) return { change: null, dir: null };
  const change = now - then;
  return { change, dir: Math.abs(change) < flat ? 'flat' : change > 0 ? 'rising' : 'falling' };
}

/** The current run of `values` on the side given by `sideOf`, and the last day it was on that side before. */
export function currentRun<S extends string>(
  days: readonly Day[],
  values: readonly (number | null)[],
  sideOf: (v: number) => S,
): SideRun<S> | null {
  let i = values.length - 1;
  while (i >= 0 && values[i] == null) i--;
  if (i < 0) return null;
  const side = sideOf(values[i]!);
  let start = i;
  let j = i - 1;
  for (; j >= 0; j--) {
    const v = values[j];
    if (v == null) continue;
    if (sideOf(v) !== side) break;
    start = j;
  }
  let lastBefore: Day | null = null;
  for (; j >= 0; j--) {
    const v = values[j];
    if (v != null && sideOf(v) === side) {
      lastBefore = days[j] ?? null;
      break;
    }
  }
  // The record searched begins at the first reading, not at the first day of a history whose
  // series (the dated basis, say) starts later.
  const first = values.findIndex((v) => v != null);
  return { side, startedOn: days[start]!, length: values.length - start, lastBefore, searchedFrom: days[first]! };
}

export const clamp = (x: number, lo = -1, hi = 1): number => Math.min(hi, Math.max(lo, x));

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export const present = (xs: readonly (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
