import { destinationKey } from '../../../core/ports.js';
import type { SubscriptionStore } from '../../../core/ports.js';
import { fullLevels, mergeLevels } from '../levels.js';
import { affected, toAlertSubscription, toBrief } from '../rows.js';
import { whereDest } from './context.js';
import type { SqlContext } from './context.js';

export function createSqlSubscriptions({ db, dialect }: SqlContext): SubscriptionStore {
  return {
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
    async setAlerts(dest, assets, at) {
      const json = JSON.stringify(assets);
      // Insert-or-nothing says whether alerts were off, race-free; an existing row only gets the new
      // assets, keeping its levels. A removeAlerts landing in between makes the update miss: go again.
      for (let attempt = 1; ; attempt++) {
        const ins = await db
          .insertInto('alert_subscriptions')
          .values({ platform: dest.platform, chat_id: dest.chatId, assets: json, levels: null, updated_at: at })
          .onConflict((oc) => oc.columns(['platform', 'chat_id']).doNothing())
          .executeTakeFirst();
        if (affected(ins.numInsertedOrUpdatedRows) > 0) return true;
        const upd = await db.updateTable('alert_subscriptions').set({ assets: json, updated_at: at }).where(whereDest(dest)).executeTakeFirst();
        if (affected(upd.numUpdatedRows) > 0) return false;
        if (attempt === 3) throw new Error(`setAlerts: the alert row of ${destinationKey(dest)} was removed three times while being set`);
      }
    },
    async removeAlerts(dest) {
      const r = await db.deleteFrom('alert_subscriptions').where(whereDest(dest)).executeTakeFirst();
      return affected(r.numDeletedRows) > 0;
    },
    async setAlertLevels(dest, levels, at) {
      return db.transaction().execute(async (trx) => {
        // Read-merge-write: on Postgres the row lock keeps two chats' admins from losing each other's change.
        const row = await trx
          .selectFrom('alert_subscriptions')
          .select('levels')
          .where(whereDest(dest))
          .$if(dialect === 'postgres', (qb) => qb.forUpdate())
          .executeTakeFirst();
        if (!row) return null;
        const merged = mergeLevels(fullLevels(row.levels === null ? null : JSON.parse(row.levels)), levels);
        const updated = await trx
          .updateTable('alert_subscriptions')
          .set({ levels: JSON.stringify(merged), updated_at: at })
          .where(whereDest(dest))
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAlertSubscription(updated);
      });
    },
    async chatSettings(dest) {
      const brief = await db.selectFrom('brief_subscriptions').selectAll().where(whereDest(dest)).executeTakeFirst();
      const alerts = await db.selectFrom('alert_subscriptions').selectAll().where(whereDest(dest)).executeTakeFirst();
      return { brief: brief ? toBrief(brief) : null, alerts: alerts ? toAlertSubscription(alerts) : null };
    },
    async listBriefs() {
      const rows = await db.selectFrom('brief_subscriptions').selectAll().orderBy('platform').orderBy('chat_id').execute();
      return rows.map(toBrief);
    },
    async listAlerts() {
      const rows = await db.selectFrom('alert_subscriptions').selectAll().orderBy('platform').orderBy('chat_id').execute();
      return rows.map(toAlertSubscription);
    },
    async moveDestination(from, to) {
      if (from.platform === to.platform && from.chatId === to.chatId) return;
      await db.transaction().execute(async (trx) => {
        // The old chat's settings win over anything already at the new id: they are what users set up.
        for (const table of ['brief_subscriptions', 'alert_subscriptions'] as const) {
          const found = await trx.selectFrom(table).select('chat_id').where(whereDest(from)).executeTakeFirst();
          if (!found) continue;
          await trx.deleteFrom(table).where(whereDest(to)).execute();
          await trx.updateTable(table).set({ platform: to.platform, chat_id: to.chatId }).where(whereDest(from)).execute();
        }
      });
    },
    async retireDestination(dest) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('brief_subscriptions').where(whereDest(dest)).execute();
        await trx.deleteFrom('alert_subscriptions').where(whereDest(dest)).execute();
      });
    },
  };
}
