/**
 * Leases as one upsert: a row is taken when it is free, lapsed, or already ours — judged by the row
 * the statement returns, so two instances racing for it can never both win.
 */
import type { ClusterStore } from '../../../core/ports.js';
import type { SqlContext } from './context.js';

export function createSqlCluster({ db }: SqlContext): ClusterStore {
  return {
    async acquireLease(name, holder, ttlMs, now) {
      const row = await db
        .insertInto('leases')
        .values({ name, holder, expires_at: now + ttlMs })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, expires_at: now + ttlMs })
            .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<', now)])),
        )
        .returning('holder')
        .executeTakeFirst();
      return row?.holder === holder;
    },
    async releaseLease(name, holder) {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
    async heartbeat(holder, now, ttlMs) {
      await db
        .insertInto('instances')
        .values({ holder, seen_at: now })
        .onConflict((oc) => oc.column('holder').doUpdateSet({ seen_at: now }))
        .execute();
      await db.deleteFrom('instances').where('seen_at', '<', now - ttlMs).execute();
      const row = await db.selectFrom('instances').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Math.max(1, Number(row.n));
    },
    async leave(holder) {
      await db.deleteFrom('instances').where('holder', '=', holder).execute();
    },
    async sharedValue(key, proposed, now) {
      await db.insertInto('shared_values').values({ key, value: proposed, created_at: now }).onConflict((oc) => oc.column('key').doNothing()).execute();
      const row = await db.selectFrom('shared_values').select('value').where('key', '=', key).executeTakeFirstOrThrow();
      return row.value;
    },
  };
}
