/**
 * One long-running bot per SQLite file: a second `npm start` on the same file is refused at start
 * with a clear message (it would poll beside the first and race it), `--once` may still answer beside
 * it, and a kill -9 leaves no stale lock behind.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../fakes/fakeTelegram.js';
import { killSpawnedBots, spawnBot } from '../support/start.js';

const run = (env: Record<string, string>, args: string[] = []) => spawnBot(env, { args, cwd: env['CWD']! });

describe('GIVEN a bot running on a SQLite file', () => {
  let telegram: FakeTelegram;
  let env: Record<string, string>;
  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    const cwd = mkdtempSync(join(tmpdir(), 'basisbot-lock-'));
    env = { CWD: cwd, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot, DATABASE_URL: `file:${join(cwd, 'bot.db')}`, EXCHANGES: 'binance', EXCHANGE_PROXY_URL: 'http://127.0.0.1:9/' };
  });
  afterAll(async () => {
    killSpawnedBots();
    await telegram.close();
  });

  it('a second npm start on the same file is refused; --once answers beside it; a kill -9 frees the file', async () => {
    const first = run(env);
    await telegram.waitFor((c) => c.method === 'getUpdates' && c.params['offset'] !== undefined, 'the first bot polling', 30_000);

    const second = run(env);
    expect(await second.exited, 'refused at start').toBe(1);
    expect(second.stderr(), 'with a message that says what to do').toMatch(/another basisbot is already running on .*bot\.db: stop it first, or run several instances on Postgres/);
    expect(telegram.conflicts, 'the second never polled').toBe(0);

    const once = run(env, ['--once', '/help']);
    expect(await once.exited, '--once only answers: it may run beside the bot').toBe(0);
    expect(once.stdout()).toMatch(/\/basis/);

    first.child.kill('SIGKILL');
    await first.exited;
    const mark = telegram.calls.length;
    const third = run(env);
    await telegram.waitFor((c) => telegram.calls.indexOf(c) >= mark && c.method === 'getUpdates' && c.params['offset'] !== undefined, 'the bot after the crash polling', 30_000);
    third.child.kill('SIGTERM');
    expect(await third.exited, 'no stale lock: the file was free after the kill -9').toBe(0);
  }, 90_000);
});
