/**
 * What one check of one asset reads, per alert kind, taken from the same analysis the note is
 * written from, so an alert and the note never disagree. A reading whose data is missing is null
 * and its kind stays silent: an asset without dated futures has no basis, band or cross readings.
 */
import type { Analysis, RegimeLabel } from '../analysis.js';

export interface AlertReadings {
  /** The headline basis (annualized fraction), as the note states it. */
  basis: number | null;
  /** The renewed-confidence band (annualized fractions); the `band` kind watches its top. */
  band: readonly [number, number];
  /** The 7- and 30-day averages of the daily headline basis. */
  ma7: number | null;
  ma30: number | null;
  /** Perpetual funding, annualized. */
  fundingApr: number | null;
  /** Null when no driver had data: a label scored on nothing is not a reading. */
  regime: { label: RegimeLabel; score: number } | null;
}

export function alertReadings(analysis: Analysis, band: readonly [number, number]): AlertReadings {
  const b = analysis.signals.basis;
  const r = analysis.regime;
  return {
    basis: b.level,
    band,
    ma7: b.ma7,
    ma30: b.ma30,
    fundingApr: analysis.signals.funding.value,
    regime: r.drivers.length === 0 ? null : { label: r.label, score: r.score },
  };
}
