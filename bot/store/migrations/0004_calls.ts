/** The bot's published calls, for /track: written when a brief or an alert stating one is first delivered. */
import type { Kysely, Migration } from 'kysely';

export const calls: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('calls')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('asset', 'text', (c) => c.notNull())
      .addColumn('published_at', 'bigint', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('confidence', 'double precision')
      .addColumn('cases', 'integer', (c) => c.notNull())
      .addColumn('basis', 'double precision')
      .addColumn('spot', 'double precision', (c) => c.notNull())
      .execute();
    // /track reads one asset's calls, newest first.
    await db.schema.createIndex('calls_asset_idx').on('calls').columns(['asset', 'published_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('calls').execute();
  },
};
