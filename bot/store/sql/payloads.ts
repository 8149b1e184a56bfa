import { sql } from 'kysely';
import type { OutboxStore } from '../../../core/ports.js';
import { affected } from '../rows.js';
import type { SqlContext } from './context.js';

/** Rendered replies and platform media ids: written once, read by many outbox rows. */
export function createSqlPayloads({ db }: SqlContext): Pick<OutboxStore, 'putPayload' | 'getPayload' | 'getMedia' | 'putMedia'> {
  return {
    async putPayload(key, body, now) {
      await db.insertInto('outbox_payloads').values({ key, body, created_at: now }).onConflict((oc) => oc.column('key').doNothing()).execute();
    },
    async getPayload(key) {
      const row = await db.selectFrom('outbox_payloads').select('body').where('key', '=', key).executeTakeFirst();
      return row?.body ?? null;
    },
    async getMedia(platform, cacheKey) {
      const row = await db.selectFrom('media_cache').select('media_id').where('platform', '=', platform).where('cache_key', '=', cacheKey).executeTakeFirst();
      return row?.media_id ?? null;
    },
    async putMedia(platform, cacheKey, mediaId, now) {
      await db
        .insertInto('media_cache')
        .values({ platform, cache_key: cacheKey, media_id: mediaId, updated_at: now })
        .onConflict((oc) => oc.columns(['platform', 'cache_key']).doUpdateSet({ media_id: mediaId, updated_at: now }))
        .execute();
    },
  };
}

/**
 * Deletes payloads created before `before` that no pending row names. A row's payloads are a JSON
 * array of strings, so a key appears in it quoted; LIKE's wildcards can only make a key look used
 * (and be kept), never the reverse, for the keys producers write (no backslash or quote in them).
 */
export async function pruneUnusedPayloads({ db }: SqlContext, before: number): Promise<number> {
  const quoted = sql<string>`'%"' || ${sql.ref('outbox_payloads.key')} || '"%'`;
  const r = await db
    .deleteFrom('outbox_payloads')
    .where('created_at', '<', before)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('outbox').select('outbox.key').where('outbox.status', '=', 'pending').where('outbox.payloads', 'like', quoted))))
    .executeTakeFirst();
  return affected(r.numDeletedRows);
}
