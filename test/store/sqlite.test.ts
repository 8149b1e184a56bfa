import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore, openStore, redactDatabaseUrl } from '../../bot/store/open.js';
import { storeContract } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'basisbot-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract('SQLite file', async () => ({ store: await openSqliteStore(join(dir, `contract-${n++}.db`)) }));
storeContract('SQLite :memory: via openStore', async () => ({ store: await openStore(':memory:') }));

describe('SQLite store on disk', () => {
  it('creates the parent folder, uses WAL, and keeps everything across a restart', async () => {
    const file = join(dir, 'nested', 'deeper', 'bot.db');
    const first = await openStore(`file:${file}`);
    await first.putHistory([{ venue: 'binance', asset: 'BTC', series: 'spot', day: '2024-01-01', value: 44179.55 }]);
    await first.setBrief({ destination: { platform: 'telegram', chatId: '-1001234567890123' }, time: '08:00', timezone: 'UTC', assets: ['BTC'], createdAt: 1 });
    await first.setAlerts({ platform: 'discord', chatId: '1' }, true, 1);
    expect(await first.claimDelivery({ key: 'k', destination: { platform: 'discord', chatId: '1' }, dueAt: 1, updatedAt: 1 })).toBe(true);
    await first.close();
    expect(existsSync(file), 'the missing folders were created').toBe(true);

    const raw = new SqliteDatabase(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true }), 'WAL is persistent in the file').toBe('wal');
    const migrations = raw.prepare('select name from kysely_migration').all();
    raw.close();
    expect(migrations, 'one migration recorded').toEqual([{ name: '0001_initial' }]);

    // Reopening runs the migrator again: it must find nothing to do and lose nothing.
    const second = await openStore(file);
    expect(await second.loadHistory('binance', 'BTC', '2024-01-01')).toHaveLength(1);
    expect((await second.listBriefs())[0]?.destination.chatId, 'the 52-bit id survives the restart').toBe('-1001234567890123');
    expect(await second.listAlertDestinations()).toEqual([{ platform: 'discord', chatId: '1' }]);
    expect(await second.claimDelivery({ key: 'k', destination: { platform: 'discord', chatId: '1' }, dueAt: 1, updatedAt: 1 }), 'the ledger survives: no second send after a restart').toBe(false);
    await second.close();
  });

  it('"memory:" opens the in-memory store, which starts empty each time', async () => {
    const a = await openStore('memory:');
    await a.setAlerts({ platform: 'console', chatId: 'c' }, true, 1);
    const b = await openStore('memory:');
    expect(await b.listAlertDestinations(), 'two memory stores share nothing').toEqual([]);
    await a.close();
    await b.close();
  });
});

describe('openStore URLs', () => {
  it('accepts a bare path and a file: URL for the same file', async () => {
    const file = join(dir, 'same.db');
    const a = await openStore(file);
    await a.setAlerts({ platform: 'telegram', chatId: '1' }, true, 1);
    await a.close();
    const b = await openStore(`file:${file}`);
    expect(await b.listAlertDestinations(), 'both spellings open one database').toEqual([{ platform: 'telegram', chatId: '1' }]);
    await b.close();
  });

  it('never shows a Postgres password', () => {
    expect(redactDatabaseUrl('postgres://bot:hunter2@db.internal:5432/basisbot')).toBe('postgres://bot:***@db.internal:5432/basisbot');
    expect(redactDatabaseUrl('postgresql://bot@db/basisbot'), 'nothing to hide').toBe('postgresql://bot@db/basisbot');
    expect(redactDatabaseUrl('file:./data/basisbot.db')).toBe('file:./data/basisbot.db');
  });
});
