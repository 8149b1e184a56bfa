/** The first schema: daily history, subscriptions and the brief delivery ledger (replaced in 0002). */
import type { Kysely, Migration } from 'kysely';

export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('history')
      .addColumn('venue', 'text', (c) => c.notNull())
      .addColumn('asset', 'text', (c) => c.notNull())
      .addColumn('series', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('history_pk', ['venue', 'asset', 'series', 'day'])
      .execute();
    await db.schema
      .createTable('brief_subscriptions')
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('assets', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('brief_subscriptions_pk', ['platform', 'chat_id'])
      .execute();
    await db.schema
      .createTable('alert_subscriptions')
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('alert_subscriptions_pk', ['platform', 'chat_id'])
      .execute();
    await db.schema
      .createTable('deliveries')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('deliveries_status_idx').on('deliveries').columns(['status', 'due_at']).execute();
  },
};
