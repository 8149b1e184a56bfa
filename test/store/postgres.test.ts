/**
 * The contract against a real Postgres. Each test gets its own schema (dropped afterwards), so
 * parallel runs and other suites never collide. Without a reachable server the suite is skipped,
 * and its title says why.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresStore, openStore } from '../../bot/store/open.js';
import { storeContract } from './contract.js';

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

describe.skipIf(url === null)(`Postgres store${url === null ? ` — SKIPPED, no server: ${reason}` : ''}`, () => {
  storeContract('Postgres', async () => {
    const schema = freshSchema();
    return { store: await openPostgresStore(url!, { schema }), dispose: () => dropSchema(schema) };
  });

  it('migrates once: reopening the same schema applies nothing and keeps the data', async () => {
    const schema = freshSchema();
    try {
      const first = await openPostgresStore(url!, { schema });
      await first.setBrief({ destination: { platform: 'telegram', chatId: '-1001234567890123' }, time: '08:00', timezone: 'UTC', assets: ['BTC'], createdAt: 1_767_600_000_000 });
      await first.close();
      const second = await openPostgresStore(url!, { schema });
      const [b] = await second.listBriefs();
      expect(b?.destination.chatId).toBe('-1001234567890123');
      expect(b?.createdAt, 'BIGINT comes back from pg as a string; the store converts it').toBe(1_767_600_000_000);
      await second.close();
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
