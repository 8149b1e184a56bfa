import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import { destinationKey } from '../../../core/ports.js';
import type { AlertKind, AlertState, AlertStateStore, Platform } from '../../../core/ports.js';
import { chunks } from '../rows.js';
import type { AlertMarkTable } from '../schema.js';
import { whereDest } from './context.js';
import type { SqlContext } from './context.js';

const MARKS_BATCH = 1_000; // 5 columns a row

export function createSqlAlertState({ db }: SqlContext): AlertStateStore {
  // Postgres refuses an upsert that touches one row twice, so each (chat, asset, kind) appears once.
  const upsertMarks = async (trx: typeof db, rows: Insertable<AlertMarkTable>[], keepLater: boolean) => {
    const unique = [...new Map(rows.map((r) => [`${r.platform}|${r.chat_id}|${r.asset}|${r.kind}`, r])).values()];
    for (const batch of chunks(unique, MARKS_BATCH)) {
      await trx
        .insertInto('alert_marks')
        .values(batch)
        .onConflict((oc) =>
          oc.columns(['platform', 'chat_id', 'asset', 'kind']).doUpdateSet({
            at: keepLater ? sql`case when excluded.at > alert_marks.at then excluded.at else alert_marks.at end` : sql`excluded.at`,
          }),
        )
        .execute();
    }
  };

  return {
    async getState(asset) {
      const row = await db.selectFrom('alert_state').select('state').where('asset', '=', asset).executeTakeFirst();
      return row ? (JSON.parse(row.state) as AlertState) : null;
    },
    async putState(asset, state, now) {
      const json = JSON.stringify(state);
      await db
        .insertInto('alert_state')
        .values({ asset, state: json, updated_at: now })
        .onConflict((oc) => oc.column('asset').doUpdateSet({ state: json, updated_at: now }))
        .execute();
    },
    async lastAlerted(asset) {
      const rows = await db.selectFrom('alert_marks').select(['platform', 'chat_id', 'kind', 'at']).where('asset', '=', asset).execute();
      const last = new Map<string, Partial<Record<AlertKind, number>>>();
      for (const r of rows) {
        const key = destinationKey({ platform: r.platform as Platform, chatId: r.chat_id });
        last.set(key, { ...last.get(key), [r.kind]: Number(r.at) });
      }
      return last;
    },
    async markAlerted(marks, at) {
      const rows = marks.flatMap(({ destination, asset, kinds }) =>
        kinds.map((kind) => ({ platform: destination.platform, chat_id: destination.chatId, asset, kind, at })),
      );
      if (rows.length) await upsertMarks(db, rows, false);
    },
    async moveDestination(from, to) {
      if (from.platform === to.platform && from.chatId === to.chatId) return;
      await db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('alert_marks').selectAll().where(whereDest(from)).execute();
        // Where both ids were alerted for a kind, the later mark stands: it is the one a cooldown needs.
        const moved = rows.map((r) => ({ ...r, platform: to.platform, chat_id: to.chatId, at: Number(r.at) }));
        if (moved.length) await upsertMarks(trx, moved, true);
        await trx.deleteFrom('alert_marks').where(whereDest(from)).execute();
      });
    },
    async retireDestination(dest) {
      await db.deleteFrom('alert_marks').where(whereDest(dest)).execute();
    },
  };
}
