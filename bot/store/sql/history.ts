import type { HistoryStore } from '../../../core/ports.js';
import type { HistorySource, SeriesName } from '../../../core/types.js';
import { HISTORY_BATCH } from './context.js';
import type { SqlContext } from './context.js';

export function createSqlHistory({ db }: SqlContext): HistoryStore {
  return {
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
      return rows.map((r) => ({ venue: r.venue as HistorySource, asset: r.asset, series: r.series as SeriesName, day: r.day, value: Number(r.value) }));
    },
  };
}
