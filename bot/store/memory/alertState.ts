import { destinationKey } from '../../../core/ports.js';
import type { AlertKind, AlertState, AlertStateStore } from '../../../core/ports.js';

export function createMemoryAlertState(): AlertStateStore {
  // States are kept as JSON, as the SQL store keeps them: what comes back is never the caller's object.
  const states = new Map<string, string>();
  // asset → destinationKey → kind → instant
  const marks = new Map<string, Map<string, Partial<Record<AlertKind, number>>>>();

  return {
    async getState(asset) {
      const s = states.get(asset);
      return s === undefined ? null : (JSON.parse(s) as AlertState);
    },
    async putState(asset, state) {
      states.set(asset, JSON.stringify(state));
    },
    async lastAlerted(asset) {
      return new Map([...(marks.get(asset) ?? [])].map(([dest, kinds]) => [dest, { ...kinds }]));
    },
    async markAlerted(batch, at) {
      for (const { destination, asset, kinds } of batch) {
        const byDest = marks.get(asset) ?? new Map<string, Partial<Record<AlertKind, number>>>();
        marks.set(asset, byDest);
        const key = destinationKey(destination);
        const entry = byDest.get(key) ?? {};
        for (const kind of kinds) entry[kind] = at;
        byDest.set(key, entry);
      }
    },
    async moveDestination(from, to) {
      const [fromKey, toKey] = [destinationKey(from), destinationKey(to)];
      if (fromKey === toKey) return;
      for (const byDest of marks.values()) {
        const moved = byDest.get(fromKey);
        if (!moved) continue;
        // Where both ids were alerted for a kind, the later mark stands: it is the one a cooldown needs.
        const merged = { ...byDest.get(toKey) };
        for (const [kind, at] of Object.entries(moved) as [AlertKind, number][]) merged[kind] = Math.max(at, merged[kind] ?? at);
        byDest.set(toKey, merged);
        byDest.delete(fromKey);
      }
    },
    async retireDestination(dest) {
      for (const byDest of marks.values()) byDest.delete(destinationKey(dest));
    },
  };
}
