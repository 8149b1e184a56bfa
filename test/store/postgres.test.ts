/**
 * The contract against a real Postgres. Each test gets its own schema (dropped afterwards), so
 * parallel runs and other suites never collide. Without a reachable server the suite is skipped,
 * and its title says why and how to run it.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateTo } from '../../bot/store/migrations.js';
import { openPostgresStore, openStore } from '../../bot/store/open.js';
import { storeContract } from './contract/index.js';
import { expectUpgraded, writeRelease0001Rows } from './upgrade.js';

const candidates = process.env.PG_TEST_URL
  ? [process.env.PG_TEST_URL]
  : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

async function reachable(): Promise<{ url: string | null; reason: string }> {
  const reasons: string[] = [];
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return { url, reason: '' };
    } catch (err) {
      reasons.push(`${new URL(url).username}@: ${(err as Error).message}`);
    } finally {
      await client.end().catch(() => {});
    }
  }
  return { url: null, reason: reasons.join('; ') };
}

const { url, reason } = await reachable();
let n = 0;
const freshSchema = () => `bb_test_${process.pid}_${Date.now().toString(36)}_${n++}`;

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url! });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}

const skipped = ` — SKIPPED, no server: ${reason}. Start Postgres on 127.0.0.1:5432 with a database "test", or set PG_TEST_URL`;

describe.skipIf(url === null)(`Postgres store${url === null ? skipped : ''}`, () => {
  storeContract('Postgres', async () => {
    const schema = freshSchema();
    return {
      store: await openPostgresStore(url!, { schema }),
      // Another pool on the same schema: a second bot process, in effect.
      twin: () => openPostgresStore(url!, { schema }),
      dispose: () => dropSchema(schema),
    };
  });

  it('migrates once: reopening the same schema applies nothing and keeps the data', async () => {
    const schema = freshSchema();
    try {
      const first = await openPostgresStore(url!, { schema });
      await first.subscriptions.setBrief({ destination: { platform: 'telegram', chatId: '-1001234567890123' }, time: '08:00', timezone: 'UTC', assets: ['BTC'], createdAt: 1_767_600_000_000 });
      await first.close();
      const second = await openPostgresStore(url!, { schema });
      const [b] = await second.subscriptions.listBriefs();
      expect(b?.destination.chatId).toBe('-1001234567890123');
      expect(b?.createdAt, 'BIGINT comes back from pg as a string; the store converts it').toBe(1_767_600_000_000);
      await second.close();
    } finally {
      await dropSchema(schema);
    }
  });

  it('upgrades a 0001 schema: the ledger becomes outbox rows and is dropped', async () => {
    const schema = freshSchema();
    try {
      const pool = new pg.Pool({ connectionString: url!, options: `-c search_path=${schema}` });
      const old = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
      await old.schema.createSchema(schema).execute();
      await migrateTo(old, '0001_initial', schema);
      await writeRelease0001Rows(old);
      await old.destroy();

      const store = await openPostgresStore(url!, { schema });
      try {
        await expectUpgraded(store);
      } finally {
        await store.close();
      }
      const client = new pg.Client({ connectionString: url! });
      await client.connect();
      const { rows } = await client.query('select to_regclass($1) as t', [`${schema}.deliveries`]);
      await client.end();
      expect(rows[0].t, 'the ledger table is gone').toBeNull();
    } finally {
      await dropSchema(schema);
    }
  });

  it('reports a failed connection without the password', async () => {
    const u = new URL(url!);
    u.username = 'nobody';
    u.password = 's3cret-pass';
    u.port = '1'; // nothing listens there: the connection is refused
    const bad = u.toString();
    const err = await openStore(bad).catch((e: Error) => e);
    expect(err, 'opening must fail').toBeInstanceOf(Error);
    expect((err as Error).message, 'the password is redacted').not.toContain('s3cret-pass');
    expect((err as Error).message).toContain('***');
  });
});
