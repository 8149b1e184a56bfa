/**
 * The measured confidence's table, replayed from the stored history at most once per asset per
 * day. The replay walks every stored day through the regime code (core/replay) — a few hundred
 * milliseconds for five years — so every /basis, /brief, scheduled brief and alert check of the
 * day reads the same cached table. One entry per asset and band: yesterday's is replaced.
 */
import { calibrate, type Calibration } from '../core/replay/calibration.js';
import { replayHistory } from '../core/replay/replay.js';
import type { DailyReading } from '../core/types.js';

export interface CalibrationCache {
  /** The table for `asset` replayed from `history`; cached until the history gains a day. */
  get(asset: string, history: readonly DailyReading[], band: readonly [number, number]): Calibration;
  /** Replays run so far (a cache that works runs one per asset per day). */
  readonly replays: number;
}

export function createCalibrationCache(): CalibrationCache {
  const entries = new Map<string, { key: string; table: Calibration }>();
  let replays = 0;
  return {
    get(asset, history, band) {
      const slot = `${asset}|${band.join(',')}`;
      // The history's first and last day and its length: a new day, or a longer backfill, changes it.
      const key = `${history[0]?.day}|${history.at(-1)?.day}|${history.length}`;
      const hit = entries.get(slot);
      if (hit?.key === key) return hit.table;
      const table = calibrate(replayHistory(history, band, { asset }));
      replays++;
      entries.set(slot, { key, table });
      return table;
    },
    get replays() {
      return replays;
    },
  };
}
