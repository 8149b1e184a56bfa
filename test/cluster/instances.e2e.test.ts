/**
 * Two real bot processes on one Postgres, against the fake Bot API, fake Discord and fake Binance:
 * every brief is delivered exactly once, only one instance ever polls (the fake answers a second
 * poller with 409 and counts it), and a kill -9 of the leader lets the other take over within 30 s
 * with nothing lost. Skipped, saying how to run it, when no Postgres answers on 127.0.0.1:5432.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../bot/store/open.js';
import { DAY_MS } from '../../core/calendar.js';
import type { Destination, Store } from '../../core/ports.js';
import { FakeDiscord } from '../fakes/fakeDiscord.js';
import { startFakeExchange, type FakeExchange } from '../fakes/fakeExchange.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';
import { spawnBot, type SpawnedBot } from '../support/start.js';

const PG = process.env['PG_TEST_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const LAST_FUTURES_DAY = Date.parse('2026-07-31T00:00:00Z');
const LEADS = 'this instance leads';

async function postgresUp(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG, connectionTimeoutMillis: 1_000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
const available = await postgresUp();

interface Bot extends SpawnedBot {
  leads: () => boolean;
}
const bots: Bot[] = [];

function startBot(name: string, env: Record<string, string>, cwd: string): Bot {
  const bot = { ...spawnBot(env, { cwd }), leads: () => bot.stderr().includes(LEADS) };
  bots.push(bot);
  return bot;
}

/** Resolves once `test` holds, polled every 100 ms (the processes run on their own clocks). */
async function until(test: () => boolean, what: string, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

/** HH:MM UTC of a minute ago: a brief at that time is due now, well within the grace window. */
const aMinuteAgo = () => new Date(Date.now() - 60_000).toISOString().slice(11, 16);

describe.skipIf(!available)('two instances on one Postgres', () => {
  let exchange: FakeExchange;
  let telegram: FakeTelegram;
  let discord: FakeDiscord;
  let store: Store;
  let env: Record<string, string>;
  let cwd: string;
  const schema = `cluster_${process.pid}_${Date.now()}`;

  const chat = (i: number): Destination => ({ platform: 'telegram', chatId: String(i % 4 === 0 ? -1_002_000_000_000 - i : 6_100 + i) });
  const channel = (i: number): Destination => ({ platform: 'discord', chatId: String(1_450_000_000_000_000_000n + BigInt(i)) });
  const subscribe = (dests: Destination[]) =>
    Promise.all(dests.map((destination) => store.subscriptions.setBrief({ destination, time: aMinuteAgo(), timezone: 'UTC', assets: ['BTC'], createdAt: Date.now() - 2 * 3_600_000 })));
  const received = (d: Destination) => (d.platform === 'telegram' ? telegram.ledger.chat(d.chatId).accepted.length : discord.ledger.channel(d.chatId).accepted.length);

  beforeAll(async () => {
    const now = Date.now();
    exchange = await startFakeExchange(now, { shiftDays: Math.ceil((now - LAST_FUTURES_DAY) / DAY_MS / 7) * 7 });
    telegram = await FakeTelegram.start();
    discord = await FakeDiscord.start();
    store = await openPostgresStore(PG, { schema });
    cwd = mkdtempSync(join(tmpdir(), 'basisbot-cluster-'));
    env = {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: 'MTIwMDAwMDAwMDAwMDAwMDAwMQ.fake.cluster-token',
      DISCORD_APPLICATION_ID: discord.ids.applicationId,
      DISCORD_API_BASE: discord.apiBase,
      EXCHANGE_PROXY_URL: exchange.proxyUrl,
      DATABASE_URL: `${PG}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      TELEGRAM_MAX_MESSAGES_PER_SECOND: '20',
      LOG_LEVEL: 'info',
    };
  }, 60_000);

  afterAll(async () => {
    for (const b of bots) if (b.child.exitCode === null) b.child.kill('SIGKILL');
    await store?.close();
    const c = new pg.Client({ connectionString: PG });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
    await telegram?.close();
    await discord?.close();
    await exchange?.close();
  });

  it('deliver every brief exactly once, with one poller; after a kill -9 of the leader the other leads within 30 s and loses nothing', async () => {
    const first = [...Array.from({ length: 30 }, (_, i) => chat(i)), ...Array.from({ length: 10 }, (_, i) => channel(i))];
    await subscribe(first);
    const a = startBot('A', env, cwd);
    const b = startBot('B', env, cwd);
    await until(() => a.leads() || b.leads(), 'a leader', 40_000);
    await until(() => first.every((d) => received(d) > 0), 'every first brief', 60_000);
    await until(() => first.every((d) => d.platform === 'discord' || received(d) >= 2), 'the rest of every Telegram brief', 20_000);

    expect([a, b].filter((x) => x.leads()), 'exactly one leader').toHaveLength(1);
    const leader = a.leads() ? a : b;
    const follower = leader === a ? b : a;
    expect(first.map(received), 'each Telegram brief is a photo and its text, each Discord brief one embed: nothing twice').toEqual(first.map((d) => (d.platform === 'telegram' ? 2 : 1)));
    expect(telegram.ledger.totals.duplicates + discord.ledger.totals.duplicates, 'no duplicate anywhere').toBe(0);

    // The leader dies mid-life; meanwhile more chats come due and a user types a command.
    leader.child.kill('SIGKILL');
    const late = Array.from({ length: 10 }, (_, i) => chat(100 + i));
    await subscribe(late);
    const tookOver = await until(() => follower.leads(), "the follower to lead", 40_000).catch((err: Error) => {
      throw new Error(`${err.message}\n--- follower stderr ---\n${follower.stderr().slice(-4000)}`);
    });
    expect(tookOver, 'the follower leads within 30 s of the kill').toBeLessThanOrEqual(30_000);
    const asked = telegram.postText({ chat: { id: 6_999, type: 'private' }, from: { id: 6_999, first_name: 'Ola' }, text: '/help' });
    await telegram.handled(asked);
    await until(() => late.every((d) => received(d) >= 2), 'the briefs due during the takeover', 40_000);
    expect(late.map(received), 'sent once each by the new leader').toEqual(late.map(() => 2));
    expect(telegram.ledger.chat(6_999).accepted.length, 'the command typed after the kill is answered').toBe(1);

    expect(telegram.conflicts, 'never two pollers at once: the Bot API answered no 409').toBe(0);
    expect(discord.ledger.totals.duplicates + telegram.ledger.totals.duplicates, 'still no duplicate').toBe(0);

    follower.child.kill('SIGTERM');
    expect(await follower.exited, 'a clean stop').toBe(0);
  }, 180_000);
});

if (!available) {
  describe('two instances on one Postgres', () => {
    it.skip(`skipped: no PostgreSQL at ${PG} — start one (or set PG_TEST_URL) to run the multi-instance tests`, () => {});
  });
}
