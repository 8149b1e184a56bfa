/**
 * kill -9 in the middle of a broadcast, with the real bot (`node --import tsx bot/main.ts`, the
 * composition root unchanged) on a SQLite file, the real telegraf and discord.js against the fake Bot
 * API and the fake Discord, and market data from the fake exchange through ccxt. 200 Telegram chats
 * (a quarter of them groups) and 250 Discord channels are subscribed to a brief that came due a minute
 * ago; the bot is killed once both fakes have some but not all of it, and started again.
 *
 * The promise (README, "Delivery"): no subscriber is left without its brief; on Telegram, which has no
 * idempotency key, at most one duplicate per chat, and only for a send the killed process could not
 * record; on Discord none at all (the nonce from the outbox key makes a re-send a replay).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../bot/store/open.js';
import { DAY_MS } from '../../core/calendar.js';
import type { Destination, OutboxRow } from '../../core/ports.js';
import { FakeDiscord } from '../fakes/fakeDiscord.js';
import { startFakeExchange, type FakeExchange } from '../fakes/fakeExchange.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';
import { startWholeRequestProxy, type WholeRequestProxy } from '../support/wholeRequestProxy.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const LAST_FUTURES_DAY = Date.parse('2026-07-31T00:00:00Z');
const MINUTE = 60_000;

const TELEGRAM_CHATS = 200;
/**
 * discord.js posts at Discord's 50/s: 60 channels would all be posted within ~1.2 s, long before the
 * Telegram broadcast is under way; 250 keep Discord mid-broadcast (~5 s) when the kill comes.
 */
const DISCORD_CHANNELS = 250;
const PARTS = 2; // a brief on Telegram: the chart with the headline as caption, then the rest of the note
/** Slow enough that 400 Telegram messages take 20 s, so the kill lands in the middle. */
const TELEGRAM_PER_SECOND = 20;

/** One in four chats a supergroup (negative id), the rest private chats. */
const telegramChat = (i: number): string => (i % 4 === 0 ? String(-1_001_950_000_000 - i) : String(950_000_000 + i));
const discordChannel = (i: number): string => String(1_450_000_000_000_000_000n + BigInt(i));
const TG_IDS = Array.from({ length: TELEGRAM_CHATS }, (_, i) => telegramChat(i + 1));
const DC_IDS = Array.from({ length: DISCORD_CHANNELS }, (_, i) => discordChannel(i + 1));

interface Bot {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

const children: ChildProcess[] = [];

function startBot(env: Record<string, string>, cwd: string): Bot {
  // node itself, not the tsx CLI: the CLI runs the bot in a child, and a kill -9 must hit the bot.
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'bot/main.ts')], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, stderr: () => err };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `p` while the bot runs; a bot that dies or a wait that times out fails with its stderr. */
function whileAlive<T>(bot: Bot, p: Promise<T>): Promise<T> {
  const tail = () => `\n--- bot stderr ---\n${bot.stderr().slice(-3000)}`;
  return Promise.race([
    p.catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}${tail()}`);
    }),
    bot.exited.then(({ code, signal }) => {
      throw new Error(`the bot exited (${code ?? signal}) before that${tail()}`);
    }),
  ]);
}

describe('GIVEN 200 Telegram chats and 250 Discord channels due a brief, WHEN the bot is killed -9 mid-broadcast and restarted', () => {
  let exchange: FakeExchange;
  let telegram: FakeTelegram;
  let discord: FakeDiscord;
  let proxies: { telegram: WholeRequestProxy; discord: WholeRequestProxy };
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const now = Date.now();
    exchange = await startFakeExchange(now, { shiftDays: Math.ceil((now - LAST_FUTURES_DAY) / DAY_MS / 7) * 7 });
    // Telegram's published limits, enforced; only what was delivered is kept (no bodies).
    telegram = await FakeTelegram.start({ limits: {}, record: false });
    discord = await FakeDiscord.start(undefined, { limits: {}, record: false });
    // The kill may land halfway through an upload: such a request must never reach the fakes.
    proxies = { telegram: await startWholeRequestProxy(telegram.apiRoot), discord: await startWholeRequestProxy(discord.apiBase) };
    dir = mkdtempSync(join(tmpdir(), 'basisbot-crash-'));
    const db = join(dir, 'bot.db');
    env = {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: proxies.telegram.origin,
      TELEGRAM_MAX_MESSAGES_PER_SECOND: String(TELEGRAM_PER_SECOND),
      DISCORD_TOKEN: 'MTIwMDAwMDAwMDAwMDAwMDAwMQ.fake.crash-e2e-token',
      DISCORD_APPLICATION_ID: discord.ids.applicationId,
      DISCORD_API_BASE: `${proxies.discord.origin}/api`, // the gateway URL still comes from the fake itself
      EXCHANGE_PROXY_URL: exchange.proxyUrl,
      DATABASE_URL: `file:${db}`,
      LOG_LEVEL: 'info',
    };

    // Due a minute ago in UTC (the minute before the current one, so a boundary crossed while the
    // bot starts only makes it later, well within the 120-minute grace), subscribed an hour before
    // that: a brief is never due before its subscription existed.
    const dueAt = Math.floor(now / MINUTE) * MINUTE - MINUTE;
    const time = new Date(dueAt).toISOString().slice(11, 16);
    const store = await openSqliteStore(db);
    const dests: Destination[] = [
      ...TG_IDS.map((chatId): Destination => ({ platform: 'telegram', chatId })),
      ...DC_IDS.map((chatId): Destination => ({ platform: 'discord', chatId })),
    ];
    for (const destination of dests) await store.subscriptions.setBrief({ destination, time, timezone: 'UTC', assets: ['BTC'], createdAt: dueAt - 60 * MINUTE });
    await store.close();
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); // only after a failed test
    await proxies?.telegram.close();
    await proxies?.discord.close();
    await telegram?.close();
    await discord?.close();
    await exchange?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Telegram chats that have the whole brief (every part, repeats not counted). */
  const tgComplete = () =>
    TG_IDS.filter((id) => {
      const c = telegram.ledger.chat(id);
      return c.accepted.length - c.duplicates >= PARTS;
    }).length;
  const tgMessages = () => telegram.ledger.totals.accepted;
  const dcComplete = () => DC_IDS.filter((id) => discord.ledger.channel(id).accepted.length >= 1).length;

  it('every subscriber gets its brief; ≤ 1 duplicate per Telegram chat, only for sends the killed bot could not record; 0 on Discord; SIGTERM exits 0 within 10 s', async () => {
    const t0 = Date.now();
    const first = startBot(env, dir);
    // Mid-broadcast on both platforms: some of Telegram's 400 messages and Discord's 250 are out.
    await whileAlive(first, telegram.waitForLedger(() => tgMessages() >= 50, 'the Telegram broadcast under way', 45_000));
    await whileAlive(first, discord.waitForLedger(() => dcComplete() >= 50, 10_000));
    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    const death = await first.exited;
    expect(death.signal, `the first bot died of the kill (stderr: ${first.stderr().slice(-500)})`).toBe('SIGKILL');
    await sleep(300); // anything already on the wire reaches the fakes

    // What the dead process left: the fakes' books against the outbox rows it managed to write.
    const atKill = { tgMessages: tgMessages(), tgComplete: tgComplete(), dcComplete: dcComplete() };
    const store = await openSqliteStore(env['DATABASE_URL']!.slice('file:'.length));
    const rows = await store.outbox.list({ kind: 'brief' });
    await store.close();
    const tgRows = rows.filter((r) => r.destination.platform === 'telegram');
    const dcRows = rows.filter((r) => r.destination.platform === 'discord');
    expect([tgRows.length, dcRows.length], 'the killed bot had queued every brief before it died').toEqual([TELEGRAM_CHATS, DISCORD_CHANNELS]);
    const claimed = (rs: OutboxRow[]) => rs.filter((r) => r.status === 'pending' && r.claimedBy !== null).length;
    const unrecorded = (rs: OutboxRow[], accepted: (id: string) => number) => rs.reduce((n, r) => n + Math.max(0, accepted(r.destination.chatId) - r.partsSent), 0);
    const inFlight = { telegram: claimed(tgRows), discord: claimed(dcRows) };
    // Delivered, yet not in the row: the sends that were under way when the process died.
    const lost = {
      telegram: unrecorded(tgRows, (id) => telegram.ledger.chat(id).accepted.length),
      discord: unrecorded(dcRows, (id) => discord.ledger.channel(id).accepted.length),
    };
    expect(atKill.tgMessages, `killed mid-broadcast on Telegram: ${atKill.tgMessages}/${TELEGRAM_CHATS * PARTS} messages out`).toBeGreaterThan(0);
    expect(atKill.tgMessages, 'not all of them').toBeLessThan(TELEGRAM_CHATS * PARTS);
    expect(atKill.dcComplete, `and on Discord: ${atKill.dcComplete}/${DISCORD_CHANNELS} channels posted`).toBeLessThan(DISCORD_CHANNELS);

    const restartedAt = Date.now();
    const second = startBot(env, dir);
    await whileAlive(second, telegram.waitForLedger(() => tgComplete() === TELEGRAM_CHATS, 'every Telegram chat to have its brief', 45_000));
    await whileAlive(second, discord.waitForLedger(() => dcComplete() === DISCORD_CHANNELS, 10_000));
    const doneAt = Date.now();
    await sleep(1_500); // a late repeat would show up here

    const tgDup = telegram.ledger.chats().filter((c) => TG_IDS.includes(c.id)).map((c) => c.duplicates);
    const dcTotals = discord.ledger.totals;
    const counts = {
      telegram: { chats: tgComplete(), of: TELEGRAM_CHATS, messages: telegram.ledger.totals.accepted, duplicates: telegram.ledger.totals.duplicates, violations: telegram.ledger.totals.violations.total },
      discord: { channels: dcComplete(), of: DISCORD_CHANNELS, posted: dcTotals.accepted, duplicates: dcTotals.duplicates, nonceReplays: dcTotals.nonceReplays },
      atKill: { ...atKill, claimedRows: inFlight, sentButUnrecorded: lost, cutMidRequest: { telegram: proxies.telegram.dropped, discord: proxies.discord.dropped } },
      seconds: { toKill: (killedAt - t0) / 1000, afterRestart: (doneAt - restartedAt) / 1000 },
    };
    console.log(`crash e2e: ${JSON.stringify(counts)}`);

    expect(counts.telegram.chats, `every Telegram chat has its brief (${JSON.stringify(counts)})`).toBe(TELEGRAM_CHATS);
    expect(counts.discord.channels, 'every Discord channel has its brief').toBe(DISCORD_CHANNELS);
    expect(Math.max(...tgDup), 'at most one duplicate in any Telegram chat').toBeLessThanOrEqual(1);
    expect(counts.telegram.duplicates, `Telegram duplicates (${counts.telegram.duplicates}) ≤ the sends the killed bot delivered but could not record (${lost.telegram})`).toBeLessThanOrEqual(lost.telegram);
    expect(lost.telegram, `and those are ≤ the rows it had in flight (${inFlight.telegram})`).toBeLessThanOrEqual(inFlight.telegram);
    expect(counts.discord.duplicates, `no duplicate on Discord (nonce replays: ${counts.discord.nonceReplays})`).toBe(0);
    expect(counts.discord.posted, 'one message per channel').toBe(DISCORD_CHANNELS);
    expect(counts.telegram.violations, 'neither process broke Telegram’s limits, the restart included').toBe(0);
    const errors = (b: Bot) => b.stderr().split('\n').filter((l) => l.includes('"level":"error"'));
    expect([...errors(first), ...errors(second)], 'no send failed or crashed in either process').toEqual([]);
    expect(first.stderr() + second.stderr(), 'no log line carries the Telegram token').not.toContain(telegram.token.split(':')[1]);

    const stopAt = Date.now();
    second.child.kill('SIGTERM');
    const end = await Promise.race([second.exited, sleep(10_000).then(() => null)]);
    const stopSeconds = (Date.now() - stopAt) / 1000;
    console.log(`crash e2e: SIGTERM → exit ${end?.code ?? 'none'} in ${stopSeconds} s`);
    expect(end, `SIGTERM: the bot exits within 10 s (took ${stopSeconds} s)`).not.toBeNull();
    expect(end!.code, `and cleanly (stderr: ${second.stderr().slice(-500)})`).toBe(0);

    const after = await openSqliteStore(env['DATABASE_URL']!.slice('file:'.length));
    const final = await after.outbox.list({ kind: 'brief' });
    await after.close();
    expect(final.filter((r) => r.status !== 'sent').map((r) => `${r.key} ${r.status} ${r.detail}`), 'every row ends sent').toEqual([]);
  }, 90_000);
});
