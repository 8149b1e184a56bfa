/**
 * How each kind turns a check's readings into a side. `side` applies the dead band (null = too
 * close to the line to say); `rawSide` does not, and is used only to record a kind the first time
 * it is seen, when there is no confirmed side to keep.
 */
import { THRESHOLDS } from '../regime/weights.js';
import type { AlertReadings } from './readings.js';
import type { AlertKind } from './types.js';

export interface KindSides {
  /** The number the kind watches, or null when its data is missing. */
  value(r: AlertReadings): number | null;
  side(value: number, deadBand: number, r: AlertReadings): string | null;
  rawSide(value: number, r: AlertReadings): string;
}

/** Above `line + d`, below `line − d`, else null. */
const around =
  (line: (r: AlertReadings) => number, up: string, down: string) =>
  (v: number, d: number, r: AlertReadings): string | null =>
    v > line(r) + d ? up : v < line(r) - d ? down : null;

const zero = () => 0;
const bandTop = (r: AlertReadings) => r.band[1];
const T = THRESHOLDS.label;

export const SIDES: Readonly<Record<AlertKind, KindSides>> = {
  basis: {
    value: (r) => r.basis,
    side: around(zero, 'positive', 'negative'),
    // As the note's sign runs count it (core/signals/basis.ts signSide): zero is on the positive side.
    rawSide: (v) => (v < 0 ? 'negative' : 'positive'),
  },
  band: {
    value: (r) => r.basis,
    side: around(bandTop, 'above', 'not-above'),
    rawSide: (v, r) => (v > bandTop(r) ? 'above' : 'not-above'),
  },
  regime: {
    value: (r) => r.regime?.score ?? null,
    // Hysteresis: each side's region lies wholly inside its label's, so a confirmed side is the label.
    side: (s, d) => (s >= T + d ? 'Bullish' : s <= -(T + d) ? 'Bearish' : Math.abs(s) <= T - d ? 'Neutral' : null),
    rawSide: (_s, r) => r.regime!.label,
  },
  cross: {
    value: (r) => (r.ma7 === null || r.ma30 === null ? null : r.ma7 - r.ma30),
    side: around(zero, 'above', 'below'),
    // As core/signals/basis.ts states the cross: an equal 7-day average is 'above'.
    rawSide: (v) => (v >= 0 ? 'above' : 'below'),
  },
  funding: {
    value: (r) => r.fundingApr,
    side: around(zero, 'positive', 'negative'),
    rawSide: (v) => (v < 0 ? 'negative' : 'positive'),
  },
};
