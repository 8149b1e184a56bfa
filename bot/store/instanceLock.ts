/**
 * One bot per SQLite file. A second process on the same file would poll Telegram beside the first
 * (409s) and race it for the scheduler, so it is refused at start. The lock is an SQLite database
 * next to the data file held in an exclusive transaction: the operating system releases it when the
 * process ends, however it ends (kill -9 included), so a crash never leaves a stale lock behind.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';

export class InstanceLockedError extends Error {
  override name = 'InstanceLockedError';
}

export interface InstanceLock {
  release(): void;
}

export function lockSqliteFile(path: string): InstanceLock {
  if (path === ':memory:') return { release() {} };
  const lockPath = `${resolve(path)}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true }); // a fresh checkout has no data/ yet
  const db = new SqliteDatabase(lockPath, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if (err instanceof Error && /SQLITE_BUSY|database is locked/i.test(`${(err as { code?: string }).code ?? ''} ${err.message}`)) {
      throw new InstanceLockedError(
        `another basisbot is already running on ${path}: stop it first, or run several instances on Postgres (DATABASE_URL=postgres://…)`,
      );
    }
    throw err;
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}

/** The SQLite file DATABASE_URL names (as openStore reads it), or null for Postgres and the memory stores. */
export function sqlitePath(databaseUrl: string | undefined, fallback: string): string | null {
  const url = databaseUrl?.trim() || fallback;
  if (url === 'memory:' || /^postgres(ql)?:\/\//i.test(url)) return null;
  const path = url.startsWith('file:') ? url.slice('file:'.length) : url;
  return path === ':memory:' ? null : path;
}
