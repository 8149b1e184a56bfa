/**
 * The outbox replaces the brief delivery ledger; alert subscriptions gain assets and levels; the
 * alert watcher gets its state and per-chat marks. The ledger's rows are carried over, so a brief
 * already sent (or skipped) today is not sent again by the first outbox tick after the upgrade.
 */
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/** What an old 'pending' row meant: the old version stopped mid-send, and nothing says how far it got. */
export const INTERRUPTED_DETAIL = 'interrupted before the upgrade to the outbox';
const BRIEF_PRIORITY = 10;

async function createTables(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per ALTER TABLE.
  await db.schema.alterTable('alert_subscriptions').addColumn('assets', 'text').execute();
  await db.schema.alterTable('alert_subscriptions').addColumn('levels', 'text').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('payloads', 'text', (c) => c.notNull())
    .addColumn('silent', 'integer', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('parts_sent', 'integer', (c) => c.notNull())
    .addColumn('message_ids', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The claim filters on status and due time and orders by priority; nextDueAt takes the minimum due time.
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_claim_idx').on('outbox').columns(['status', 'priority', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_chat_idx').on('outbox').columns(['platform', 'chat_id']).execute();

  await db.schema
    .createTable('outbox_payloads')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('media_cache')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('cache_key', 'text', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_cache_pk', ['platform', 'cache_key'])
    .execute();

  await db.schema
    .createTable('alert_state')
    .addColumn('asset', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alert_marks')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('asset', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_marks_pk', ['platform', 'chat_id', 'asset', 'kind'])
    .execute();
  await db.schema.createIndex('alert_marks_asset_idx').on('alert_marks').column('asset').execute();
}

/**
 * Ledger keys were `brief:<platform>:<chat>:<YYYY-MM-DD>`, but a moved chat's rows kept their old
 * key while their (platform, chat_id) followed the chat. The outbox key is rebuilt from the row's
 * own destination, so the scheduler, which dedupes by key, finds the day served at the new id.
 * Rows already keyed by their own chat go first and win over a moved row for the same day.
 */
async function copyLedger(db: Kysely<any>): Promise<void> {
  const day = sql`substr(key, length(key) - 9)`;
  const key = sql`'brief:' || platform || ':' || chat_id || ':' || ${day}`;
  for (const own of [true, false]) {
    await sql`
      insert into outbox (key, platform, chat_id, kind, slot, payloads, silent, priority, due_at, expires_at, status,
        attempts, next_attempt_at, parts_sent, message_ids, detail, claimed_by, lease_until, created_at, updated_at)
      select ${key}, platform, chat_id, 'brief', ${day}, '[]', 0, ${sql.lit(BRIEF_PRIORITY)}, due_at, due_at,
        case when status = 'pending' then 'failed' else status end,
        0, due_at, 0, '[]', case when status = 'pending' then ${INTERRUPTED_DETAIL} else detail end, null, null, updated_at, updated_at
      from deliveries
      where key like 'brief:%' and ${own ? sql`key = ${key}` : sql`key <> ${key}`}
      on conflict (key) do nothing`.execute(db);
  }
  await db.schema.dropTable('deliveries').execute();
}

export const outboxAlerts: Migration = {
  async up(db: Kysely<any>) {
    const run = async (trx: Kysely<any>) => {
      await createTables(trx);
      await copyLedger(trx);
    };
    // Postgres runs each migration in a transaction already; SQLite's adapter does not, so this one
    // takes its own: a crash half-way must not leave a schema the migration cannot run on again.
    if (db.isTransaction) await run(db);
    else await db.transaction().execute(run);
  },
};
