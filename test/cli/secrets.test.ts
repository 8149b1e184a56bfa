/**
 * No secret leaves the process: the real `npm start` (scripts/start.js, as start.test.ts runs
 * it) is driven down its error paths with canary secrets — a Telegram token the Bot API refuses
 * (getMe 401), a Discord token the gateway refuses (401), a Postgres URL with a password that cannot
 * connect, an exchange proxy with a password that fails every request — at LOG_LEVEL=debug, and
 * none of the canaries shows up in its stderr (logs and errors), in the messages it sends to chats,
 * or in what /healthz and /metrics serve.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/fakeDiscord.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';
import { killSpawnedBots, spawnBot } from '../support/start.js';

/** Each canary is a secret's distinctive part: a leak of the whole secret or of that part is found. */
const CANARY = {
  telegramToken: '7000000001:AAcanaryTelegramTokenSecret_0123456',
  discordToken: 'MTIwMDAwMDAwMDAwMDAwMDAwMQ.canary.DiscordTokenSecret-0123456',
  webhookSecret: 'canary-webhook-secret-0123456789',
  databasePassword: 'CANARYdbPassw0rd',
  proxyPassword: 'CANARYproxyPassw0rd',
};
const PARTS = [
  CANARY.telegramToken,
  CANARY.telegramToken.split(':')[1]!,
  CANARY.discordToken,
  'DiscordTokenSecret',
  CANARY.webhookSecret,
  CANARY.databasePassword,
  CANARY.proxyPassword,
];

function leaks(text: string): string[] {
  return PARTS.filter((p) => text.includes(p));
}

function startBot(env: Record<string, string>, args: string[] = []) {
  const cwd = mkdtempSync(join(tmpdir(), 'basisbot-secrets-'));
  return spawnBot({ LOG_LEVEL: 'debug', TELEGRAM_WEBHOOK_SECRET: CANARY.webhookSecret, DATABASE_URL: join(cwd, 'bot.db'), ...env }, { args, cwd });
}

afterAll(killSpawnedBots); // only after a failed test

/** A port nothing listens on: every request through a proxy there fails to connect. */
const DEAD_PROXY = `http://basisbot:${CANARY.proxyPassword}@127.0.0.1:1/`;

describe('canary secrets on the error paths of npm start', () => {
  it('a Telegram token the Bot API refuses (getMe 401): exits 1 saying so, without the token', async () => {
    const telegram = await FakeTelegram.start(); // knows another token: answers 401 Unauthorized
    try {
      const bot = startBot({ TELEGRAM_BOT_TOKEN: CANARY.telegramToken, TELEGRAM_API_ROOT: telegram.apiRoot, EXCHANGE_PROXY_URL: DEAD_PROXY });
      expect(await bot.exited, 'a bot that cannot log in must not run deaf').toBe(1);
      expect(bot.stderr()).toMatch(/Telegram refused getMe \(check TELEGRAM_BOT_TOKEN\).*401/);
      expect(leaks(bot.stderr()), bot.stderr()).toEqual([]);
    } finally {
      await telegram.close();
    }
  }, 60_000);

  it('a Discord token the API refuses (401 at login): exits 1 saying so, without the token', async () => {
    const discord = await FakeDiscord.start();
    discord.botToken = 'MTIwMDAwMDAwMDAwMDAwMDAwMQ.other.the-token-the-fake-knows'; // anything else: 401
    try {
      const bot = startBot({ DISCORD_TOKEN: CANARY.discordToken, DISCORD_APPLICATION_ID: discord.ids.applicationId, DISCORD_API_BASE: discord.apiBase, EXCHANGE_PROXY_URL: DEAD_PROXY });
      expect(await bot.exited).toBe(1);
      expect(discord.requests.some((r) => r.status === 401), 'the fake refused the token').toBe(true);
      expect(bot.stderr(), 'discord.js reports the 401 as TokenInvalid').toMatch(/could not start: An invalid token was provided/);
      expect(leaks(bot.stderr()), bot.stderr()).toEqual([]);
    } finally {
      await discord.close();
    }
  }, 60_000);

  it('a Postgres URL with a password that cannot connect: exits 1 naming the server, without the password', async () => {
    const bot = startBot({ DATABASE_URL: `postgres://basisbot:${CANARY.databasePassword}@127.0.0.1:1/db` }, ['--once', '/help']);
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toMatch(/cannot open Postgres store at postgres:\/\/basisbot:(\*\*\*|\[redacted\])@127\.0\.0\.1:1\/db/);
    expect(leaks(bot.stderr()), bot.stderr()).toEqual([]);
  }, 60_000);

  it('an exchange that fails behind a proxy with a password: the chats, the logs and /healthz and /metrics carry none of the secrets', async () => {
    const telegram = await FakeTelegram.start({ token: CANARY.telegramToken });
    const discord = await FakeDiscord.start();
    discord.botToken = CANARY.discordToken;
    const healthPort = await freePort();
    try {
      const bot = startBot({
        TELEGRAM_BOT_TOKEN: CANARY.telegramToken,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        DISCORD_TOKEN: CANARY.discordToken,
        DISCORD_APPLICATION_ID: discord.ids.applicationId,
        DISCORD_API_BASE: discord.apiBase,
        EXCHANGE_PROXY_URL: DEAD_PROXY,
        EXCHANGE_TIMEOUT_MS: '1000',
        HEALTH_PORT: String(healthPort),
      });
      await telegram.waitFor((c) => c.method === 'getUpdates' && c.params['offset'] !== undefined, 'the bot polling', 30_000);
      await logged(bot.stderr, 'discord ready');

      const id = telegram.postText({ chat: { id: 4242, type: 'private' }, from: { id: 4242, first_name: 'Ann' }, text: '/basis' });
      const answer = await telegram.waitFor((c) => c.method === 'sendMessage' && String(c.params['chat_id']) === '4242', 'the answer', 40_000);
      expect(String(answer.params['text']), 'the user is told the market is unavailable').toMatch(/Market data is unavailable/);
      await telegram.handled(id);

      const interaction = discord.sendCommand({ command: 'basis' });
      await discord.waitFor((r) => r.path.includes(interaction.token) && r.method === 'PATCH', 40_000);
      expect(JSON.stringify(discord.originals.get(interaction.token)), 'the Discord user is told too').toMatch(/Market data is unavailable/);

      await logged(bot.stderr, 'health and metrics served');
      const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
      const healthBody = await health.text();
      expect(health.status, 'no venue answers: the market part fails').toBe(503);
      expect(JSON.parse(healthBody).failing).toContain('market');
      const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
      expect(metrics).toMatch(/basisbot_exchange_errors_total\{venue="binance",kind="retryable"\} [1-9]/);

      bot.child.kill('SIGTERM');
      expect(await bot.exited, 'a clean stop').toBe(0);
      const sent = JSON.stringify(telegram.calls.filter((c) => c.method.startsWith('send')).map((c) => c.params));
      expect(leaks(sent), 'messages sent to Telegram chats').toEqual([]);
      expect(leaks(JSON.stringify(discord.requests.map((r) => r.json ?? null))), 'messages and replies sent to Discord').toEqual([]);
      expect(leaks(healthBody + metrics), 'what /healthz and /metrics serve').toEqual([]);
      expect(bot.stderr(), 'the failure was logged').toMatch(/"msg":"binance market list failed: network error"/);
      expect(leaks(bot.stderr() + bot.stdout()), 'stderr and stdout').toEqual([]);
    } finally {
      await telegram.close();
      await discord.close();
    }
  }, 120_000);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function logged(stderr: () => string, msg: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (stderr().includes(`"msg":"${msg}"`)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never logged: ${msg}`);
}
