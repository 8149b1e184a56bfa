/** The in-memory CallStore: the first record of a key stands, as the SQL insert-or-nothing has it. */
import type { CallStore, PublishedCall } from '../../../core/ports.js';

export function createMemoryCalls(): CallStore {
  const calls = new Map<string, PublishedCall>();
  return {
    async record(batch) {
      const inserted: string[] = [];
      for (const c of batch) {
        if (calls.has(c.key)) continue;
        calls.set(c.key, { ...c });
        inserted.push(c.key);
      }
      return inserted;
    },
    async list(asset, limit) {
      return [...calls.values()]
        .filter((c) => c.asset === asset)
        .sort((a, b) => b.publishedAt - a.publishedAt || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
        .slice(0, limit)
        .map((c) => ({ ...c }));
    },
  };
}
