/**
 * `npm start` with a Telegram token, as an operator runs it: the real composition root polls the
 * fake Bot API, reads the fake Binance through ccxt, keeps SQLite, and stops cleanly on SIGTERM.
 * It also exits with an error when another instance takes over the token (409), so a supervisor
 * restarts it rather than it sitting there deaf.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../core/calendar.js';
import { startFakeExchange, type FakeExchange } from '../fakes/fakeExchange.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';
import { startArgs } from '../support/start.js';

const LAST_FUTURES_DAY = Date.parse('2026-07-31T00:00:00Z');

const children: ChildProcess[] = [];

function startBot(env: Record<string, string>, cwd: string): { child: ChildProcess; exited: Promise<number>; stderr: () => string } {
  const child = spawn(process.execPath, startArgs(), {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, exited, stderr: () => err };
}

describe('npm start with TELEGRAM_BOT_TOKEN', () => {
  let exchange: FakeExchange;
  let telegram: FakeTelegram;
  let env: Record<string, string>;
  let cwd: string;

  beforeAll(async () => {
    const now = Date.now();
    exchange = await startFakeExchange(now, { shiftDays: Math.ceil((now - LAST_FUTURES_DAY) / DAY_MS / 7) * 7 });
    telegram = await FakeTelegram.start();
    cwd = mkdtempSync(join(tmpdir(), 'basisbot-start-'));
    env = {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      EXCHANGE_PROXY_URL: exchange.proxyUrl,
      DATABASE_URL: join(cwd, 'bot.db'), // a bare path is a SQLite file
    };
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); // only after a failed test
    await telegram?.close();
    await exchange?.close();
  });

  it('answers /basis in a chat with the chart, never logs the token, and stops on SIGTERM', async () => {
    const mark = telegram.calls.length;
    const bot = startBot(env, cwd);
    await telegram.waitFor((c) => telegram.calls.indexOf(c) >= mark && c.method === 'getUpdates' && c.params['offset'] !== undefined, 'the bot polling', 20_000);
    const id = telegram.postText({ chat: { id: 4242, type: 'private' }, from: { id: 4242, first_name: 'Ann' }, text: '/basis' });
    const photo = await telegram.waitFor((c) => c.method === 'sendPhoto' && String(c.params['chat_id']) === '4242', 'the /basis chart', 30_000);
    expect(String(photo.params['caption'])).toMatch(/BTC basis/);
    await telegram.handled(id);

    bot.child.kill('SIGTERM');
    expect(await bot.exited, 'a clean stop exits 0').toBe(0);
    const logs = bot.stderr();
    expect(logs).toContain('"msg":"basisbot started"');
    expect(logs, 'the token never reaches the logs').not.toContain(telegram.token.split(':')[1]);
  });

  it('exits with an error when another instance takes over the token (409 Conflict)', async () => {
    const mark = telegram.calls.length;
    const bot = startBot(env, cwd);
    await telegram.waitFor((c) => telegram.calls.indexOf(c) >= mark && c.method === 'getUpdates' && c.params['offset'] !== undefined, 'the bot polling', 20_000);
    telegram.failNext('getUpdates', { code: 409, description: 'Conflict: terminated by other getUpdates request' });
    expect(await bot.exited, 'a deaf bot must not keep running').toBe(1);
    const line = bot.stderr().split('\n').find((l) => l.includes('"msg":"telegram polling failed"'));
    expect(line && JSON.parse(line).err, 'the log line says why').toMatch(/409/);
  });
});
