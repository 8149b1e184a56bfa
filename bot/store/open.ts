/**
 * Opens the Store named by DATABASE_URL and applies migrations:
 *   undefined → file:./data/basisbot.db · `file:PATH` or a bare path → SQLite file ·
 *   `:memory:` → SQLite in memory · `memory:` → the in-memory store ·
 *   `postgres://…` / `postgresql://…` → Postgres.
 * The URL is logged only with its password replaced.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Logger, Store } from '../../core/ports.js';
import { createKyselyStore } from './kysely.js';
import { createMemoryStore } from './memory.js';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';

export const DEFAULT_DATABASE_URL = 'file:./data/basisbot.db';
const BUSY_TIMEOUT_MS = 5_000; // another process (a second bot, a backup) holding the write lock

/** The URL with any password replaced by `***`, for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//i.test(url)) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

export async function openStore(databaseUrl: string | undefined, logger?: Logger): Promise<Store> {
  const url = databaseUrl?.trim() || DEFAULT_DATABASE_URL;
  if (url === 'memory:') {
    logger?.info('store opened', { kind: 'memory' });
    return createMemoryStore();
  }
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgresStore(url, {}, logger);
  return openSqliteStore(url.startsWith('file:') ? url.slice('file:'.length) : url, logger);
}

/** SQLite at `path` (or `:memory:`): WAL, a busy timeout, and the parent folder created. */
export async function openSqliteStore(path: string, logger?: Logger): Promise<Store> {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  // The database drivers are loaded only for the store in use: pg is not needed beside SQLite.
  const { default: SqliteDatabase } = await import('better-sqlite3');
  const database = new SqliteDatabase(path, { timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers (a backup, a second process) work while the bot writes.
  database.pragma('journal_mode = WAL');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  try {
    const applied = await migrateToLatest(db);
    logger?.info('store opened', { kind: 'sqlite', path, migrationsApplied: applied });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return createKyselyStore(db, 'sqlite');
}

export interface PostgresOptions {
  /** Use (and create) this schema instead of the server's default search_path; tests isolate runs this way. */
  schema?: string;
  poolSize?: number;
}

export async function openPostgresStore(connectionString: string, opts: PostgresOptions = {}, logger?: Logger): Promise<Store> {
  const { schema } = opts;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid Postgres schema name: ${schema}`);
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString,
    max: opts.poolSize ?? 5,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash the bot.
  pool.on('error', (err) => logger?.warn('postgres pool error', { err: err.message }));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema !== undefined) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    const inUse = current.rows[0]?.schema;
    if (!inUse) throw new Error('Postgres has no current schema: set search_path or pass a schema');
    const applied = await migrateToLatest(db, inUse);
    logger?.info('store opened', { kind: 'postgres', url: redactDatabaseUrl(connectionString), schema: inUse, migrationsApplied: applied });
  } catch (err) {
    await db.destroy();
    // pg errors can quote the connection string; never let the password travel with them.
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot open Postgres store at ${redactDatabaseUrl(connectionString)}: ${message.split(connectionString).join(redactDatabaseUrl(connectionString))}`);
  }
  return createKyselyStore(db, 'postgres');
}
