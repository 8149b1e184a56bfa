/**
 * Telegram webhook mode through the real `npm start`: with TELEGRAM_WEBHOOK_URL set the bot
 * registers the webhook with a secret token (generated and stored when none is configured), listens
 * on PORT, answers an update pushed with the right X-Telegram-Bot-Api-Secret-Token, refuses one
 * without it, and never polls.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../bot/store/open.js';
import { SECRET_KEY } from '../../bot/telegram/webhook.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';
import { killSpawnedBots, spawnBot, type SpawnedBot } from '../support/start.js';

let bot: SpawnedBot;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('GIVEN TELEGRAM_WEBHOOK_URL', () => {
  let telegram: FakeTelegram;
  let db: string;
  let port: number;

  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    port = await freePort();
    db = join(mkdtempSync(join(tmpdir(), 'basisbot-webhook-')), 'bot.db');
    bot = spawnBot({
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
        PORT: String(port),
        DATABASE_URL: `file:${db}`,
        EXCHANGE_PROXY_URL: 'http://127.0.0.1:9/',
    });
    await telegram.waitFor((c) => c.method === 'setWebhook', 'the webhook to be registered', 30_000);
  }, 60_000);

  afterAll(async () => {
    killSpawnedBots();
    await telegram.close();
  });

  it('registers the webhook with a generated secret, kept in the database for every instance', async () => {
    expect(telegram.webhook?.url).toBe(`http://127.0.0.1:${port}/telegram/hook`);
    expect(telegram.webhook?.secret, 'Telegram will send this back in a header').toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(telegram.webhook?.allowedUpdates).toEqual(['message', 'channel_post', 'my_chat_member']);
    const store = await openSqliteStore(db);
    expect(await store.cluster.sharedValue(SECRET_KEY, 'another instance would propose this', Date.now()), 'a second instance reads the same secret').toBe(telegram.webhook?.secret);
    await store.close();
    expect(bot.stderr(), 'the secret never reaches the logs').not.toContain(telegram.webhook!.secret!);
  });

  it('answers an update pushed with the right secret, and refuses one without it', async () => {
    const chat = { id: 7_100, type: 'private' as const };
    expect(await telegram.pushText({ chat, from: { id: 7_100, first_name: 'Ida' }, text: '/help' }), 'taken').toBe(200);
    await telegram.waitForLedger((l) => l.chat(7_100).accepted.length === 1, 'the /help reply');
    expect(await telegram.pushText({ chat, from: { id: 7_100, first_name: 'Ida' }, text: '/help' }, { secret: 'wrong' }), 'a forged update').toBe(401);
    expect(await telegram.pushText({ chat, from: { id: 7_100, first_name: 'Ida' }, text: '/help' }, { secret: null }), 'no header at all').toBe(401);
    expect(telegram.ledger.chat(7_100).accepted, 'only the genuine update was answered').toHaveLength(1);
    expect(telegram.callsTo('getUpdates'), 'webhook and polling exclude each other: it never polls').toHaveLength(0);
  });

  it('stops on SIGTERM', async () => {
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });
});
