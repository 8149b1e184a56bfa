/** Published calls: inserted once per key (the first delivery wins), read per asset newest first. */
import type { Selectable } from 'kysely';
import type { CallStore, OutboxKind, PublishedCall } from '../../../core/ports.js';
import type { RegimeLabel } from '../../../core/regime/classify.js';
import { chunks } from '../rows.js';
import type { CallTable } from '../schema.js';
import type { SqlContext } from './context.js';

const CALLS_BATCH = 500; // 11 columns a row

const toCall = (r: Selectable<CallTable>): PublishedCall => ({
  key: r.key,
  kind: r.kind as OutboxKind,
  asset: r.asset,
  publishedAt: Number(r.published_at),
  day: r.day,
  label: r.label as RegimeLabel,
  score: Number(r.score),
  confidence: r.confidence === null ? null : Number(r.confidence),
  cases: Number(r.cases),
  basis: r.basis === null ? null : Number(r.basis),
  spot: Number(r.spot),
});

export function createSqlCalls({ db }: SqlContext): CallStore {
  return {
    async record(calls) {
      // A key given twice in one call is inserted once (Postgres refuses to touch a row twice).
      const seen = new Set<string>();
      const unique = calls.filter((c) => !seen.has(c.key) && seen.add(c.key));
      const inserted: string[] = [];
      for (const batch of chunks(unique, CALLS_BATCH)) {
        const rows = await db
          .insertInto('calls')
          .values(
            batch.map((c) => ({
              key: c.key,
              kind: c.kind,
              asset: c.asset,
              published_at: c.publishedAt,
              day: c.day,
              label: c.label,
              score: c.score,
              confidence: c.confidence,
              cases: c.cases,
              basis: c.basis,
              spot: c.spot,
            })),
          )
          .onConflict((oc) => oc.column('key').doNothing())
          .returning('key')
          .execute();
        inserted.push(...rows.map((r) => r.key));
      }
      return inserted;
    },
    async list(asset, limit) {
      const rows = await db.selectFrom('calls').selectAll().where('asset', '=', asset).orderBy('published_at', 'desc').orderBy('key', 'desc').limit(limit).execute();
      return rows.map(toCall);
    },
  };
}
