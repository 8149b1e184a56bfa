/**
 * Schema migrations, held in code so the bot never reads migration files from disk at run time.
 * Each migration must run on both SQLite and Postgres: stick to portable types (text, bigint,
 * integer, double precision) and let Kysely write the DDL. Never edit a released migration; add a new one.
 */
import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationResultSet } from 'kysely';
import { initial } from './migrations/0001_initial.js';
import { outboxAlerts } from './migrations/0002_outbox_alerts.js';
import { cluster } from './migrations/0003_cluster.js';
import { calls } from './migrations/0004_calls.js';

const migrations = {
  '0001_initial': initial,
  '0002_outbox_alerts': outboxAlerts,
  '0003_cluster': cluster,
  '0004_calls': calls,
} satisfies Record<string, Migration>;

export type MigrationName = keyof typeof migrations;
/** Every migration, in the order they apply. */
export const MIGRATION_NAMES = Object.keys(migrations).sort() as MigrationName[];

/**
 * On Postgres pass the schema in use: Kysely otherwise looks for its bookkeeping table in every
 * schema and may find another deployment's.
 */
function migrator(db: Kysely<any>, schema: string | undefined): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  return applied(await migrator(db, schema).migrateToLatest());
}

/** Migrates up (or down) to `name`: tests build a database as an older release left it. */
export async function migrateTo(db: Kysely<any>, name: MigrationName, schema?: string): Promise<string[]> {
  return applied(await migrator(db, schema).migrateTo(name));
}
