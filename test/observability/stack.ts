/**
 * The bot as bot/main.ts wires it with HEALTH_PORT set, in this process: the real Telegram and
 * Discord adapters on their fakes, the real market service over ccxt on the fake exchange, a SQLite
 * store, the prom-client metrics passed where things happen, and the health server on a free port.
 * The market's clock is the fake exchange's `now` (set, never waited on).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChartRenderer } from '../../bot/chart/render.js';
import { createSender, type Sender } from '../../bot/delivery/sender.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../bot/discord/client.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { createCcxtVenue } from '../../bot/market/ccxtVenue.js';
import { createMarketService } from '../../bot/market/service.js';
import { createPromMetrics, type PromMetrics } from '../../bot/observability/metrics.js';
import { serveObservability, type Observability } from '../../bot/observability/serve.js';
import { createBriefScheduler, type BriefScheduler } from '../../bot/scheduler/briefs.js';
import { openSqliteStore } from '../../bot/store/open.js';
import { createTelegramAdapter, type TelegramAdapter } from '../../bot/telegram/client.js';
import { scaledLimits } from '../../bot/telegram/pacer.js';
import { buildBrief } from '../../commands/brief.js';
import { registry } from '../../commands/registry.js';
import type { CommandDeps } from '../../commands/types.js';
import type { Store } from '../../core/ports.js';
import { startFakeExchange, type FakeExchange } from '../fakes/fakeExchange.js';
import { FakeDiscord } from '../fakes/fakeDiscord.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';
import { BOT_TOKEN } from '../discord/harness.js';

/** The fake exchange quotes its real 4h candles; noon on 1 December 2025 is inside them. */
export const NOW = Date.parse('2025-12-01T12:00:00Z');
export const MAX_MARKET_AGE_MS = 5 * 60_000;

export interface Stack {
  exchange: FakeExchange;
  telegram: FakeTelegram;
  discord: FakeDiscord;
  store: Store;
  metrics: PromMetrics;
  deps: CommandDeps & { logger: ReturnType<typeof createMemoryLogger> };
  adapters: { telegram: TelegramAdapter; discord: DiscordAdapter };
  sender: Sender;
  scheduler: BriefScheduler;
  observability: Observability;
  get(path: string): Promise<{ status: number; type: string | null; text: string }>;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const exchange = await startFakeExchange(NOW);
  const clock = { now: () => exchange.now };
  const logger = createMemoryLogger();
  const metrics = createPromMetrics({ now: clock.now, logger });
  const store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), 'basisbot-health-')), 'bot.db'), logger);
  const venue = createCcxtVenue({ venue: 'binance', proxyUrl: exchange.proxyUrl, timeoutMs: 2_000, logger, sleep: async () => {}, now: clock.now });
  const market = createMarketService({ venues: [venue], store, clock, logger, ttlMs: 30_000, historyDays: 400, metrics });
  const deps = {
    market,
    store,
    chart: createChartRenderer(),
    clock,
    logger,
    metrics,
    settings: { defaultAsset: 'BTC', band: [0, 0.02] as const, historyDays: 400, alertCooldownMinutes: 240 },
  };

  const telegramFake = await FakeTelegram.start();
  const discordFake = await FakeDiscord.start();
  const telegram = createTelegramAdapter({ token: telegramFake.token, apiRoot: telegramFake.apiRoot, registry, deps, logger, metrics, limits: scaledLimits(100) });
  const discord = createDiscordAdapter({ token: BOT_TOKEN, apiBase: discordFake.apiBase, registry, deps, logger, metrics });
  await Promise.all([telegram.start(), discord.start()]);

  const messengers = { telegram: telegram.messenger, discord: discord.messenger };
  const sender = createSender({ store, messengers, clock, logger, metrics });
  const scheduler = createBriefScheduler({ store, platforms: ['telegram', 'discord'], produceBrief: (asset) => buildBrief(asset, deps), clock, logger, graceMinutes: 120 });
  const observability = await serveObservability({
    port: 0,
    host: '127.0.0.1',
    metrics,
    logger,
    redact: (t) => t,
    store,
    market,
    now: clock.now,
    platforms: { telegram: telegram.health, discord: discord.health },
    probeAsset: 'BTC',
    maxMarketAgeMs: MAX_MARKET_AGE_MS,
    timeoutMs: 5_000,
  });
  const base = `http://127.0.0.1:${observability.server.port}`;

  return {
    exchange,
    telegram: telegramFake,
    discord: discordFake,
    store,
    metrics,
    deps,
    adapters: { telegram, discord },
    sender,
    scheduler,
    observability,
    async get(path) {
      const res = await fetch(base + path);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    },
    async stop() {
      await observability.server.close();
      await Promise.allSettled([telegram.stop(), discord.stop()]);
      await Promise.allSettled([telegramFake.close(), discordFake.close(), exchange.close()]);
      await store.close().catch(() => undefined);
    },
  };
}
