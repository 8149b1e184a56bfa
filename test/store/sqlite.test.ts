import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, migrateTo } from '../../bot/store/migrations.js';
import { openSqliteStore, openStore, redactDatabaseUrl } from '../../bot/store/open.js';
import type { Destination, OutboxEntry } from '../../core/ports.js';
import { storeContract } from './contract/index.js';
import { expectUpgraded, writeRelease0001Rows } from './upgrade.js';

const dir = mkdtempSync(join(tmpdir(), 'basisbot-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract('SQLite file', async () => {
  const file = join(dir, `contract-${n++}.db`);
  // The twin is a second connection to the same file, as a second process would open it.
  return { store: await openSqliteStore(file), twin: () => openSqliteStore(file) };
});
storeContract('SQLite :memory: via openStore', async () => ({ store: await openStore(':memory:') }));

const tables = (file: string): string[] => {
  const raw = new SqliteDatabase(file, { readonly: true });
  try {
    return (raw.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]).map((r) => r.name);
  } finally {
    raw.close();
  }
};

describe('SQLite store on disk', () => {
  it('creates the parent folder, uses WAL, and keeps everything across a restart', async () => {
    const file = join(dir, 'nested', 'deeper', 'bot.db');
    const chat: Destination = { platform: 'discord', chatId: '1' };
    const first = await openStore(`file:${file}`);
    await first.history.putHistory([{ venue: 'binance', asset: 'BTC', series: 'spot', day: '2024-01-01', value: 44179.55 }]);
    await first.subscriptions.setBrief({ destination: { platform: 'telegram', chatId: '-1001234567890123' }, time: '08:00', timezone: 'UTC', assets: ['BTC'], createdAt: 1 });
    await first.subscriptions.setAlerts(chat, ['BTC'], 1);
    const entry: OutboxEntry = { destination: chat, kind: 'brief', slot: '2026-01-15', payloads: [], silent: false, priority: 10, dueAt: 1, expiresAt: 2 };
    expect(await first.outbox.enqueue([entry], 1)).toHaveLength(1);
    await first.close();
    expect(existsSync(file), 'the missing folders were created').toBe(true);

    const raw = new SqliteDatabase(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true }), 'WAL is persistent in the file').toBe('wal');
    const migrations = raw.prepare('select name from kysely_migration order by name').all();
    raw.close();
    expect(migrations, 'every migration recorded, once').toEqual(MIGRATION_NAMES.map((name) => ({ name })));

    // Reopening runs the migrator again: it must find nothing to do and lose nothing.
    const second = await openStore(file);
    expect(await second.history.loadHistory('binance', 'BTC', '2024-01-01')).toHaveLength(1);
    expect((await second.subscriptions.listBriefs())[0]?.destination.chatId, 'the 52-bit id survives the restart').toBe('-1001234567890123');
    expect((await second.subscriptions.listAlerts()).map((a) => a.destination)).toEqual([chat]);
    expect(await second.outbox.enqueue([entry], 1), 'the outbox survives: no second send after a restart').toEqual([]);
    await second.close();
  });

  it('upgrades a 0001 database: the ledger becomes outbox rows and is dropped', async () => {
    const file = join(dir, 'release-0001.db');
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
    await migrateTo(old, '0001_initial');
    await writeRelease0001Rows(old);
    await old.destroy();
    expect(tables(file), 'as 0001 left it').toContain('deliveries');

    const store = await openSqliteStore(file);
    try {
      await expectUpgraded(store);
    } finally {
      await store.close();
    }
    const after = tables(file);
    expect(after, 'the ledger is gone').not.toContain('deliveries');
    expect(after, 'the outbox and alert tables are there').toEqual(expect.arrayContaining(['alert_marks', 'alert_state', 'alert_subscriptions', 'brief_subscriptions', 'history', 'media_cache', 'outbox', 'outbox_payloads']));
  });

  it('"memory:" opens the in-memory store, which starts empty each time', async () => {
    const a = await openStore('memory:');
    await a.subscriptions.setAlerts({ platform: 'console', chatId: 'c' }, [], 1);
    const b = await openStore('memory:');
    expect(await b.subscriptions.listAlerts(), 'two memory stores share nothing').toEqual([]);
    await a.close();
    await b.close();
  });
});

describe('openStore URLs', () => {
  it('accepts a bare path and a file: URL for the same file', async () => {
    const file = join(dir, 'same.db');
    const a = await openStore(file);
    await a.subscriptions.setAlerts({ platform: 'telegram', chatId: '1' }, ['BTC'], 1);
    await a.close();
    const b = await openStore(`file:${file}`);
    expect((await b.subscriptions.listAlerts()).map((s) => s.destination), 'both spellings open one database').toEqual([{ platform: 'telegram', chatId: '1' }]);
    await b.close();
  });

  it('never shows a Postgres password', () => {
    expect(redactDatabaseUrl('postgres://bot:hunter2@db.internal:5432/basisbot')).toBe('postgres://bot:***@db.internal:5432/basisbot');
    expect(redactDatabaseUrl('postgresql://bot@db/basisbot'), 'nothing to hide').toBe('postgresql://bot@db/basisbot');
    expect(redactDatabaseUrl('file:./data/basisbot.db')).toBe('file:./data/basisbot.db');
  });
});
