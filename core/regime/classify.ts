/**
 * The market regime: a weighted mean of driver scores and a label. Drivers without data drop out
 * of the mean and are named as missing, never invented. How far to trust a label is not scored
 * here but measured on the replayed history (core/replay).
 */
import type { Signals } from '../signals/types.js';
import { DRIVERS } from './drivers.js';
import { THRESHOLDS, WEIGHTS, type DriverKey } from './weights.js';

export type RegimeLabel = 'Bullish' | 'Neutral' | 'Bearish';

export interface Driver {
  key: DriverKey;
  label: string;
  score: number; // [−1, +1]
  weight: number;
  /** score × weight / the weight of all drivers with data: what it added to the regime score. */
  contribution: number;
  detail: string;
}

export interface Regime {
  label: RegimeLabel;
  score: number; // [−1, +1]
  /** Ranked by |contribution|, largest first. */
  drivers: Driver[];
  missing: { key: DriverKey; label: string }[];
  /** Share of the (non-optional) weight that had data. */
  coverage: number;
}

const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;

export function classify(signals: Signals): Regime {
  const keys = Object.keys(WEIGHTS) as DriverKey[];
  const readings = keys.map((key) => ({ key, reading: DRIVERS[key](signals) }));
  const present = readings.filter((r) => r.reading !== null);
  const missing = readings
    .filter((r) => r.reading === null && !WEIGHTS[r.key].optional)
    .map((r) => ({ key: r.key, label: WEIGHTS[r.key].label }));
  const totalCore = keys.filter((k) => !WEIGHTS[k].optional).reduce((a, k) => a + WEIGHTS[k].weight, 0);
  const presentCore = present.filter((r) => !WEIGHTS[r.key].optional).reduce((a, r) => a + WEIGHTS[r.key].weight, 0);
  const presentWeight = present.reduce((a, r) => a + WEIGHTS[r.key].weight, 0);

  const drivers: Driver[] = present
    .map(({ key, reading }) => ({
      key,
      label: WEIGHTS[key].label,
      score: round(reading!.score),
      weight: WEIGHTS[key].weight,
      contribution: round((reading!.score * WEIGHTS[key].weight) / presentWeight),
      detail: reading!.detail,
    }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.key.localeCompare(b.key));

  const score = presentWeight > 0 ? round(drivers.reduce((a, d) => a + d.contribution, 0)) : 0;
  const t = THRESHOLDS.label;
  const label: RegimeLabel = score >= t ? 'Bullish' : score <= -t ? 'Bearish' : 'Neutral';
  const coverage = totalCore > 0 ? presentCore / totalCore : 0;
  return { label, score, drivers, missing, coverage: round(coverage) };
}
