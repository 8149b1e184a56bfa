/**
 * The SQL Store over Kysely: the same code on SQLite (better-sqlite3) and Postgres (pg). Writes that
 * must not race are single statements — the history upsert, the ledger claim (INSERT … ON CONFLICT
 * DO NOTHING, judged by the inserted-row count), alerts as row presence — never read-then-write.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Destination, Platform, Store } from '../../core/ports.js';
import type { SeriesName, VenueId } from '../../core/types.js';
import { affected, toBrief, toRecord } from './rows.js';
import type { Database } from './schema.js';

type ChatTable = 'brief_subscriptions' | 'alert_subscriptions' | 'deliveries';

const HISTORY_BATCH = 500; // rows per INSERT: stays under SQLite's and Postgres' bound-parameter limits

/** Wraps an open, migrated database; `close()` destroys it. */
export function createKyselyStore(db: Kysely<Database>): Store {
  // Every chat-keyed table has (platform, chat_id); the union type lets one filter serve them all.
  const whereDest = (d: Destination) => (eb: ExpressionBuilder<Database, ChatTable>) =>
    eb.and([eb('platform', '=', d.platform), eb('chat_id', '=', d.chatId)]);

  return {
    async close() {
      await db.destroy();
    },

    async putHistory(points) {
      if (points.length === 0) return;
      // One transaction: a top-up lands whole or not at all, so lastHistoryDay never skips a hole.
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < points.length; i += HISTORY_BATCH) {
          const rows = points.slice(i, i + HISTORY_BATCH).map(({ venue, asset, series, day, value }) => ({ venue, asset, series, day, value }));
          await trx
            .insertInto('history')
            .values(rows)
            .onConflict((oc) => oc.columns(['venue', 'asset', 'series', 'day']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
            .execute();
        }
      });
    },
    async lastHistoryDay(venue, asset, series) {
      const row = await db
        .selectFrom('history')
        .select((eb) => eb.fn.max('day').as('last'))
        .where('venue', '=', venue)
        .where('asset', '=', asset)
        .where('series', '=', series)
        .executeTakeFirst();
      return row?.last ?? null;
    },
    async loadHistory(venue, asset, fromDay) {
      const rows = await db
        .selectFrom('history')
        .selectAll()
        .where('venue', '=', venue)
        .where('asset', '=', asset)
        .where('day', '>=', fromDay)
        .orderBy('day')
        .orderBy('series')
        .execute();
      return rows.map((r) => ({ venue: r.venue as VenueId, asset: r.asset, series: r.series as SeriesName, day: r.day, value: Number(r.value) }));
    },

    async setBrief(sub) {
      const row = {
        platform: sub.destination.platform,
        chat_id: sub.destination.chatId,
        time: sub.time,
        timezone: sub.timezone,
        assets: JSON.stringify(sub.assets),
        created_at: sub.createdAt,
      };
      await db
        .insertInto('brief_subscriptions')
        .values(row)
        .onConflict((oc) => oc.columns(['platform', 'chat_id']).doUpdateSet({ time: row.time, timezone: row.timezone, assets: row.assets, created_at: row.created_at }))
        .execute();
    },
    async removeBrief(dest) {
      const r = await db.deleteFrom('brief_subscriptions').where(whereDest(dest)).executeTakeFirst();
      return affected(r.numDeletedRows) > 0;
    },
    async setAlerts(dest, on, at) {
      if (!on) {
        const r = await db.deleteFrom('alert_subscriptions').where(whereDest(dest)).executeTakeFirst();
        return affected(r.numDeletedRows) > 0;
      }
      const r = await db
        .insertInto('alert_subscriptions')
        .values({ platform: dest.platform, chat_id: dest.chatId, updated_at: at })
        .onConflict((oc) => oc.columns(['platform', 'chat_id']).doNothing())
        .executeTakeFirst();
      return affected(r.numInsertedOrUpdatedRows) > 0;
    },
    async chatSettings(dest) {
      const brief = await db.selectFrom('brief_subscriptions').selectAll().where(whereDest(dest)).executeTakeFirst();
      const alert = await db.selectFrom('alert_subscriptions').select('chat_id').where(whereDest(dest)).executeTakeFirst();
      return { brief: brief ? toBrief(brief) : null, alerts: alert !== undefined };
    },
    async listBriefs() {
      const rows = await db.selectFrom('brief_subscriptions').selectAll().orderBy('platform').orderBy('chat_id').execute();
      return rows.map(toBrief);
    },
    async listAlertDestinations() {
      const rows = await db.selectFrom('alert_subscriptions').select(['platform', 'chat_id']).orderBy('platform').orderBy('chat_id').execute();
      return rows.map((r) => ({ platform: r.platform as Platform, chatId: r.chat_id }));
    },
    async moveDestination(from, to) {
      if (from.platform === to.platform && from.chatId === to.chatId) return;
      const target = { platform: to.platform, chat_id: to.chatId };
      await db.transaction().execute(async (trx) => {
        // The old chat's brief wins over anything already at the new id: it is the one users set up.
        const brief = await trx.selectFrom('brief_subscriptions').select('chat_id').where(whereDest(from)).executeTakeFirst();
        if (brief) {
          await trx.deleteFrom('brief_subscriptions').where(whereDest(to)).execute();
          await trx.updateTable('brief_subscriptions').set(target).where(whereDest(from)).execute();
        }
        const alert = await trx.deleteFrom('alert_subscriptions').where(whereDest(from)).returning('updated_at').executeTakeFirst();
        if (alert) {
          await trx
            .insertInto('alert_subscriptions')
            .values({ ...target, updated_at: Number(alert.updated_at) })
            .onConflict((oc) => oc.columns(['platform', 'chat_id']).doNothing())
            .execute();
        }
        // Ledger rows keep their key (a claimed delivery stays claimed) but follow the chat.
        await trx.updateTable('deliveries').set(target).where(whereDest(from)).execute();
      });
    },
    async retireDestination(dest) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('brief_subscriptions').where(whereDest(dest)).execute();
        await trx.deleteFrom('alert_subscriptions').where(whereDest(dest)).execute();
      });
    },

    async claimDelivery(rec) {
      const r = await db
        .insertInto('deliveries')
        .values({
          key: rec.key,
          platform: rec.destination.platform,
          chat_id: rec.destination.chatId,
          status: 'pending',
          due_at: rec.dueAt,
          updated_at: rec.updatedAt,
          detail: null,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return affected(r.numInsertedOrUpdatedRows) > 0;
    },
    async finishDelivery(key, status, at, detail) {
      await db.updateTable('deliveries').set({ status, updated_at: at, detail: detail ?? null }).where('key', '=', key).execute();
    },
    async getDelivery(key) {
      const row = await db.selectFrom('deliveries').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async listDeliveries(status) {
      const rows = await db.selectFrom('deliveries').selectAll().where('status', '=', status).orderBy('due_at').orderBy('key').execute();
      return rows.map(toRecord);
    },
  };
}
