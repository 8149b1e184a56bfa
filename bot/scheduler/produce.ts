/**
 * The brief each chat receives is the same for every chat due in one tick, so it is computed once
 * per asset per tick and shared: 500 chats due at 08:00 UTC cost one computation per asset.
 */
import type { Logger } from '../../core/ports.js';
import { describeError } from '../../commands/dispatch.js';
import type { Reply } from '../../commands/reply.js';

export type BriefSource = (assets: string[]) => Promise<Reply[] | null>;

/** Replies for a tick at `now`, one per asset in order; null when any asset's brief failed (logged once). */
export function createBriefSource(produce: (asset: string, now: number) => Promise<Reply>, logger: Logger, now: number): BriefSource {
  const cache = new Map<string, Promise<Reply>>();
  return async (assets) => {
    const pending = assets.map((asset) => {
      let p = cache.get(asset);
      if (!p) {
        p = produce(asset, now);
        p.catch((err: unknown) => logger.warn('brief could not be produced', { asset, err: describeError(err) }));
        cache.set(asset, p);
      }
      return p;
    });
    return Promise.all(pending).catch(() => null);
  };
}
