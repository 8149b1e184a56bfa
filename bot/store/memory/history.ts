import type { HistoryStore } from '../../../core/ports.js';
import type { Day, HistoryPoint } from '../../../core/types.js';
import { cmp } from './copy.js';

export function createMemoryHistory(): HistoryStore {
  // Keyed `venue|asset|series|day`: a repeated day overwrites, like the SQL upsert.
  const points = new Map<string, HistoryPoint>();
  return {
    async putHistory(batch) {
      for (const p of batch) points.set(`${p.venue}|${p.asset}|${p.series}|${p.day}`, { ...p });
    },
    async lastHistoryDay(venue, asset, series) {
      let last: Day | null = null;
      for (const p of points.values()) {
        if (p.venue === venue && p.asset === asset && p.series === series && (last === null || p.day > last)) last = p.day;
      }
      return last;
    },
    async loadHistory(venue, asset, fromDay) {
      return [...points.values()]
        .filter((p) => p.venue === venue && p.asset === asset && p.day >= fromDay)
        .sort((a, b) => cmp(a.day, b.day) || cmp(a.series, b.series))
        .map((p) => ({ ...p }));
    },
  };
}
