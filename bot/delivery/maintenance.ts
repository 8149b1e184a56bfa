/**
 * Ended outbox rows are the producers' memory of what was already served: the brief scheduler dedupes
 * by key, and looks back at most the grace window plus an hour (36 h at least). Rows are kept well
 * past that, then pruned with the payloads only they used, so the database does not grow forever.
 */
import type { Logger, Store } from '../../core/ports.js';
import { describeError } from '../../commands/dispatch.js';

const HOUR = 3_600_000;
export const KEEP_ENDED_MS = 3 * 24 * HOUR;

export function createPruner(o: { store: Store; logger: Logger; keepMs?: number; everyMs?: number }) {
  const keepMs = o.keepMs ?? KEEP_ENDED_MS;
  const everyMs = o.everyMs ?? HOUR;
  let last = -Infinity;
  return async (now: number): Promise<number> => {
    if (now - last < everyMs) return 0;
    last = now;
    try {
      const removed = await o.store.outbox.prune(now - keepMs);
      if (removed > 0) o.logger.info('outbox pruned', { removed, before: new Date(now - keepMs).toISOString() });
      return removed;
    } catch (err) {
      o.logger.warn('outbox prune failed; will try again in an hour', { err: describeError(err) });
      return 0;
    }
  };
}
