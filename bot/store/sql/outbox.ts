import type { OutboxStore } from '../../../core/ports.js';
import { byClaimOrder, emptyCounts, movedDetail, newRow, rekeyed, uniqueByKey } from '../outboxRules.js';
import { affected, chunks, outboxColumns, toOutboxRow } from '../rows.js';
import { KEYS_BATCH, OUTBOX_BATCH, whereDest } from './context.js';
import type { SqlContext } from './context.js';
import { createSqlPayloads, pruneUnusedPayloads } from './payloads.js';

/**
 * The outbox over SQL. Each write is one statement judged by the rows it touched: a sender's
 * progress, retry and finish name the key *and* the owner, so a claim lost (lease lapsed and taken,
 * or cancelled) makes them change nothing and return false.
 */
export function createSqlOutbox(ctx: SqlContext): OutboxStore {
  const { db, dialect } = ctx;
  const held = (key: string, owner: string) => db.updateTable('outbox').where('key', '=', key).where('claimed_by', '=', owner).where('status', '=', 'pending');
  const released = { claimed_by: null, lease_until: null };

  return {
    async enqueue(entries, now, ended) {
      const inserted: string[] = [];
      for (const batch of chunks(uniqueByKey(entries.map((e) => newRow(e, now, ended))), OUTBOX_BATCH)) {
        const rows = await db
          .insertInto('outbox')
          .values(batch.map(outboxColumns))
          .onConflict((oc) => oc.column('key').doNothing())
          .returning('key')
          .execute();
        inserted.push(...rows.map((r) => r.key));
      }
      return inserted;
    },
    async existing(keys) {
      const found = new Set<string>();
      for (const batch of chunks([...new Set(keys)], KEYS_BATCH)) {
        for (const r of await db.selectFrom('outbox').select('key').where('key', 'in', batch).execute()) found.add(r.key);
      }
      return found;
    },
    async get(key) {
      const row = await db.selectFrom('outbox').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? toOutboxRow(row) : null;
    },
    async list(filter = {}) {
      const { status, kind, destination } = filter;
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .$if(status !== undefined, (qb) => qb.where('status', '=', status!))
        .$if(kind !== undefined, (qb) => qb.where('kind', '=', kind!))
        .$if(destination !== undefined, (qb) => qb.where(whereDest(destination!)))
        .orderBy('due_at')
        .orderBy('key')
        .execute();
      return rows.map(toOutboxRow);
    },
    async claim({ owner, now, leaseMs, limit, platforms }) {
      if (platforms.length === 0 || limit <= 0) return [];
      // One statement: the rows chosen are the rows updated. On Postgres, SKIP LOCKED lets a second
      // claimer pass over rows the first is taking, and the lease check is re-read once they commit.
      const free = db
        .selectFrom('outbox')
        .select('key')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .where('platform', 'in', platforms)
        .orderBy('priority', 'desc')
        .orderBy((eb) => eb.case().when('attempts', '>', 0).then(0).else(1).end())
        .orderBy('next_attempt_at')
        .orderBy('key')
        .limit(limit)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
      const rows = await db.updateTable('outbox').set({ claimed_by: owner, lease_until: now + leaseMs }).where('key', 'in', free).returningAll().execute();
      return rows.map(toOutboxRow).sort(byClaimOrder);
    },
    async progress(key, owner, { partsSent, messageIds, now }) {
      const r = await held(key, owner).set({ parts_sent: partsSent, message_ids: JSON.stringify(messageIds), updated_at: now }).executeTakeFirst();
      return affected(r.numUpdatedRows) > 0;
    },
    async retryLater(key, owner, { nextAttemptAt, attempts, detail, now }) {
      const r = await held(key, owner).set({ next_attempt_at: nextAttemptAt, attempts, detail, ...released, updated_at: now }).executeTakeFirst();
      return affected(r.numUpdatedRows) > 0;
    },
    async finish(key, owner, status, detail, now) {
      const r = await held(key, owner).set({ status, detail, ...released, updated_at: now }).executeTakeFirst();
      return affected(r.numUpdatedRows) > 0;
    },
    async cancelPending(dest, kind, detail, now) {
      const r = await db
        .updateTable('outbox')
        .set({ status: 'cancelled', detail, ...released, updated_at: now })
        .where(whereDest(dest))
        .where('status', '=', 'pending')
        .$if(kind !== null, (qb) => qb.where('kind', '=', kind!))
        .executeTakeFirst();
      return affected(r.numUpdatedRows);
    },
    async releaseClaims(owner) {
      const r = await db
        .updateTable('outbox')
        .set(released)
        .where('status', '=', 'pending')
        .where('claimed_by', 'is not', null)
        .$if(owner !== null, (qb) => qb.where('claimed_by', '=', owner!))
        .executeTakeFirst();
      return affected(r.numUpdatedRows);
    },
    async nextDueAt(platforms) {
      if (platforms.length === 0) return null;
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', '=', 'pending')
        .where('platform', 'in', platforms)
        .executeTakeFirst();
      return row?.at == null ? null : Number(row.at);
    },
    async moveDestination(from, to, now) {
      if (from.platform === to.platform && from.chatId === to.chatId) return;
      await db.transaction().execute(async (trx) => {
        const rows = (await trx.selectFrom('outbox').selectAll().where(whereDest(from)).execute()).map(toOutboxRow);
        const ended = rows.filter((r) => r.status !== 'pending').map((r) => ({ ...r, ...rekeyed(r, to) }));
        for (const batch of chunks(ended, OUTBOX_BATCH)) {
          await trx.insertInto('outbox').values(batch.map(outboxColumns)).onConflict((oc) => oc.column('key').doNothing()).execute();
        }
        const pending = rows.filter((r) => r.status === 'pending');
        const taken = new Set<string>();
        for (const batch of chunks(pending.map((r) => rekeyed(r, to).key), KEYS_BATCH)) {
          for (const r of await trx.selectFrom('outbox').select('key').where('key', 'in', batch).execute()) taken.add(r.key);
        }
        for (const r of pending) {
          const moved = rekeyed(r, to);
          const change = taken.has(moved.key)
            ? { status: 'moved', detail: movedDetail(to) }
            : { key: moved.key, platform: to.platform, chat_id: to.chatId };
          await trx.updateTable('outbox').set({ ...change, ...released, updated_at: now }).where('key', '=', r.key).where('status', '=', 'pending').execute();
        }
      });
    },
    async counts() {
      const counts = emptyCounts();
      const rows = await db.selectFrom('outbox').select((eb) => ['status', eb.fn.countAll().as('n')]).groupBy('status').execute();
      for (const r of rows) counts[r.status as keyof typeof counts] = Number(r.n);
      return counts;
    },
    async prune(before) {
      const r = await db.deleteFrom('outbox').where('status', '<>', 'pending').where('updated_at', '<', before).executeTakeFirst();
      return affected(r.numDeletedRows) + (await pruneUnusedPayloads(ctx, before));
    },
    ...createSqlPayloads(ctx),
  };
}
