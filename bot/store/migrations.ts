/**
 * Schema migrations, held in code so the bot never reads migration files from disk at run time.
 * Each migration must run on both SQLite and Postgres: stick to portable types (text, bigint,
 * double precision) and let Kysely write the DDL. Never edit a released migration; add a new one.
 */
import { Migrator } from 'kysely';
import type { Kysely, Migration } from 'kysely';

const migrations: Record<string, Migration> = {
  '0001_initial': {
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
  },
};

/**
 * Applies every pending migration. On Postgres pass the schema in use: Kysely otherwise looks for
 * its bookkeeping table in every schema and may find another deployment's.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
