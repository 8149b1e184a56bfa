/**
 * The SQL Store over Kysely: the same code on SQLite (better-sqlite3) and Postgres (pg), one part
 * per concern (sql/). Writes that must not race are single statements judged by the rows they
 * touched — the history upsert, the outbox insert and claim, alerts as row presence — never
 * read-then-write.
 */
import type { Kysely } from 'kysely';
import type { Store } from '../../core/ports.js';
import type { Database } from './schema.js';
import { createSqlAlertState } from './sql/alertState.js';
import { createSqlCalls } from './sql/calls.js';
import { createSqlCluster } from './sql/cluster.js';
import type { SqlContext } from './sql/context.js';
import { createSqlHistory } from './sql/history.js';
import { createSqlOutbox } from './sql/outbox.js';
import { createSqlSubscriptions } from './sql/subscriptions.js';

/** Wraps an open, migrated database; `close()` destroys it. */
export function createKyselyStore(db: Kysely<Database>, dialect: SqlContext['dialect']): Store {
  const ctx: SqlContext = { db, dialect };
  return {
    history: createSqlHistory(ctx),
    subscriptions: createSqlSubscriptions(ctx),
    outbox: createSqlOutbox(ctx),
    alerts: createSqlAlertState(ctx),
    cluster: createSqlCluster(ctx),
    calls: createSqlCalls(ctx),
    async close() {
      await db.destroy();
    },
  };
}
