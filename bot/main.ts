/**
 * The composition root: the one place that reads the environment (through loadConfig), builds every
 * port and adapter, and starts them. `npm start` runs every platform whose token is set, and the
 * console chat when none is; `npm start -- --once "/basis BTC"` prints one reply and exits.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { buildBrief } from '../commands/brief.js';
import { registry } from '../commands/registry.js';
import type { CommandDeps } from '../commands/types.js';
import { noMetrics, type Platform } from '../core/ports.js';
import { ConfigError, isSharedStore, loadConfig } from './config.js';
import { answerLine, createConsoleMessenger, presentReply, startConsoleChat, type ConsoleIO } from './console/chat.js';
import type { createDiscordAdapter } from './discord/client.js';
import { buildDeps, systemClock } from './app.js';
import { createLogger, redact } from './logger.js';
import type { Messenger } from './messenger.js';
import type { HealthCheck } from './observability/health.js';
import { createAlertWatcher } from './alerts/watcher.js';
import { startHeartbeat } from './cluster/heartbeat.js';
import { createLeadership } from './cluster/leadership.js';
import { lockSqliteFile, sqlitePath } from './store/instanceLock.js';
import { DEFAULT_DATABASE_URL } from './store/open.js';
import { startWebhookServer, webhookSecret } from './telegram/webhook.js';
import { createPruner } from './delivery/maintenance.js';
import { createSender } from './delivery/sender.js';
import { createBriefScheduler } from './scheduler/briefs.js';
import { startCron } from './scheduler/cron.js';
import type { createTelegramAdapter } from './telegram/client.js';
import { TELEGRAM_LIMITS } from './telegram/pacer.js';

/** Filled once the config is read: the last-resort error line below is scrubbed of them too. */
const knownSecrets: string[] = [];

/** SIGTERM to exit: the sends in flight get this long, so the whole shutdown stays within 10 s. */
const SHUTDOWN_SEND_MS = 7_000;

interface Args {
  once: string | null;
}

function parseArgs(argv: string[]): Args {
  const i = argv.indexOf('--once');
  if (i === -1) return { once: null };
  const text = argv.slice(i + 1).join(' ').trim();
  return { once: text || '/help' };
}

async function runOnce(text: string, deps: CommandDeps, io: ConsoleIO): Promise<number> {
  const reply = await answerLine(text, registry, deps);
  if (!reply) {
    process.stderr.write(`basisbot: "${text}" is not a command; try --once "/help"\n`);
    return 2;
  }
  if (reply.tone === 'error') {
    process.stderr.write(`basisbot: ${reply.paragraphs.join(' ')}\n`);
    return 1;
  }
  io.write(presentReply(reply, io) + '\n');
  return 0;
}

async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  knownSecrets.push(...config.secrets);
  // In a terminal the replies are the point: routine log lines stay out of them unless asked for.
  const quiet = args.once !== null || (!config.telegramBotToken && !config.discordToken);
  const logger = createLogger({ level: config.logLevel ?? (quiet ? 'warn' : 'info'), secrets: config.secrets });
  // Only with HEALTH_PORT is prom-client loaded; without it nothing is counted.
  const serveHealth = config.healthPort !== undefined && args.once === null;
  const metrics = serveHealth ? (await import('./observability/metrics.js')).createPromMetrics({ now: () => systemClock.now(), logger }) : null;
  // One long-running bot per SQLite file (--once may run beside it: it only answers).
  const dbFile = args.once === null ? sqlitePath(config.databaseUrl, DEFAULT_DATABASE_URL) : null;
  const lock = dbFile === null ? null : lockSqliteFile(dbFile);
  const deps = await buildDeps(config, logger, systemClock, metrics ?? noMetrics);
  const io: ConsoleIO = { chartDir: 'data/charts', write: (t) => process.stdout.write(t) };

  if (args.once) {
    const code = await runOnce(args.once, deps, io);
    await deps.store.close();
    return code;
  }

  // A platform that dies after start (a second instance polling the same token, a revoked token)
  // ends the process with an error, so a supervisor (Docker, systemd) restarts it and it is seen.
  let exitCode = 0;
  let startError: unknown = null;
  let fatal: (err: unknown) => void = () => {};
  const died = new Promise<void>((resolve) => {
    fatal = (err) => {
      exitCode = 1;
      startError ??= err;
      resolve();
    };
  });

  const adapters: { name: string; stop: () => Promise<void> }[] = [];
  const messengers: Partial<Record<Platform, Messenger>> = {};
  const connections: Partial<Record<Platform, HealthCheck>> = {};
  let telegram: ReturnType<typeof createTelegramAdapter> | null = null;
  let discord: ReturnType<typeof createDiscordAdapter> | null = null;
  // Each platform's library is loaded only when its token is set (discord.js alone is ~50 MB).
  if (config.telegramBotToken) {
    const { createTelegramAdapter } = await import('./telegram/client.js');
    const tg = createTelegramAdapter({
      token: config.telegramBotToken,
      apiRoot: config.telegramApiRoot,
      registry,
      deps,
      logger,
      onFatal: fatal,
      metrics: deps.metrics,
      limits: { ...TELEGRAM_LIMITS, messagesPerSecond: config.telegramMaxMessagesPerSecond },
      media: {
        get: (key) => deps.store.outbox.getMedia('telegram', key),
        put: (key, id) => deps.store.outbox.putMedia('telegram', key, id, deps.clock.now()),
      },
    });
    telegram = tg;
    adapters.push({ name: 'telegram', stop: tg.stop });
    messengers.telegram = tg.messenger;
  }
  if (config.discordToken) {
    const { createDiscordAdapter } = await import('./discord/client.js');
    const dc = createDiscordAdapter({ token: config.discordToken, apiBase: config.discordApiBase, registry, deps, logger, onFatal: fatal, metrics: deps.metrics, shards: config.discordShards });
    discord = dc;
    adapters.push({ name: 'discord', stop: dc.stop });
    messengers.discord = dc.messenger;
  }
  let consoleChat: ReturnType<typeof startConsoleChat> | null = null;
  if (adapters.length === 0) {
    messengers.console = createConsoleMessenger(io);
    consoleChat = startConsoleChat(registry, deps, io);
  }
  logger.info('basisbot started', { platforms: adapters.map((a) => a.name).concat(consoleChat ? ['console'] : []), venues: config.exchanges });

  // Several instances on Postgres: the lease holder runs the pollers, the gateway, the scheduler and
  // the watcher; every instance sends from the outbox. On SQLite this process leads from the start.
  const shared = isSharedStore(config.databaseUrl);
  const instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leadership = createLeadership({ cluster: shared ? deps.store.cluster : null, holder: instance, clock: deps.clock, logger });
  void leadership.lost.then(() => fatal(new Error('leadership lost')));
  metrics?.leaderFrom(() => leadership.isLeader()); // basisbot_leader and /healthz's `leader`
  // A follower does not poll or hold a gateway session: it only sends, which needs no connection.
  const asFollower = { ok: true, detail: 'follower: sends from the outbox' };
  if (telegram) connections.telegram = () => (leadership.isLeader() || config.telegramWebhookUrl ? telegram!.health() : asFollower);
  if (discord) connections.discord = () => (leadership.isLeader() ? discord!.health() : asFollower);

  let webhook: Awaited<ReturnType<typeof startWebhookServer>> | null = null;
  let hookSecret: string | null = null;
  if (telegram && config.telegramWebhookUrl) {
    // Any instance may take an update, so every instance listens; only the leader registers the hook.
    hookSecret = await webhookSecret(config.telegramWebhookSecret, deps.store.cluster, deps.clock.now());
    logger.addSecret(hookSecret); // scrubbed from every log line
    knownSecrets.push(hookSecret);
    const path = new URL(config.telegramWebhookUrl).pathname;
    webhook = await startWebhookServer({ port: config.port, path, secret: hookSecret, handle: await telegram.webhookHandler(path, hookSecret), logger });
  }

  // One process per SQLite file: claims left by a killed predecessor are ours to take over now.
  const interrupted = shared ? 0 : await deps.store.outbox.releaseClaims(null);
  if (interrupted > 0) {
    logger.warn('messages were being sent when the last process stopped; they are sent again now, so a Telegram chat may get one twice', { messages: interrupted });
  }
  const sender = createSender({ store: deps.store, messengers, clock: deps.clock, logger, metrics: deps.metrics, owner: instance });
  sender.start();
  const observability =
    metrics && config.healthPort !== undefined
      ? await (await import('./observability/serve.js')).serveObservability({
          port: config.healthPort,
          metrics,
          logger,
          redact: (text) => redact(text, knownSecrets), // the configured secrets and a generated webhook secret
          store: deps.store,
          market: deps.market,
          now: () => deps.clock.now(),
          platforms: connections,
          probeAsset: config.defaultAsset,
          maxMarketAgeMs: config.healthMarketMaxAgeMs,
        })
      : null;
  const scheduler = createBriefScheduler({
    store: deps.store,
    platforms: Object.keys(messengers) as Platform[],
    produceBrief: (asset) => buildBrief(asset, deps),
    clock: deps.clock,
    logger,
    graceMinutes: config.briefGraceMinutes,
    onQueued: sender.wake,
  });
  const prune = createPruner({ store: deps.store, logger });
  const minute = async () => {
    await scheduler.tick();
    await prune(deps.clock.now());
  };
  const watcher = createAlertWatcher({
    deps,
    intervalMs: config.alertCheckIntervalMs,
    cooldownMinutes: config.alertCooldownMinutes,
    platforms: Object.keys(messengers) as Platform[],
    onQueued: sender.wake,
  });
  let lastTick: Promise<unknown> = Promise.resolve();
  let stopCron = () => {};
  const lead = async () => {
    if (telegram && hookSecret) await telegram.registerWebhook(config.telegramWebhookUrl!, hookSecret);
    else if (telegram) await telegram.start();
    if (discord) await discord.start();
    lastTick = minute(); // what came due while no instance led, within grace
    stopCron = startCron(() => (lastTick = minute()), { logger });
    void watcher.check(); // a flip that happened while the bot was down starts being confirmed now
    watcher.start();
  };
  let led = false;
  void leadership.elected
    .then(lead)
    .then(() => (led = true))
    .catch(fatal);
  leadership.start();
  // Every instance sends, so each paces itself to its share of the platforms' allowances.
  const beat = shared ? startHeartbeat({ cluster: deps.store.cluster, holder: instance, clock: deps.clock, logger, onCount: (n) => [telegram, discord].forEach((a) => a?.setShare(n)) }) : null;

  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void consoleChat?.closed.then(stop);
    void died.then(stop);
  });
  await stopped;
  if (consoleChat && consoleChat.linesRead() === 0 && !process.stdin.isTTY) {
    // Typically a container or service started without a platform token: say what to set.
    logger.warn('no platform token is set and there is no terminal to chat in: set TELEGRAM_BOT_TOKEN or DISCORD_TOKEN to serve chats');
  }
  logger.info('basisbot stopping');
  await leadership.stop(); // a follower takes over at once rather than when the lease lapses
  await beat?.stop();
  await webhook?.close();
  await observability?.server.close();
  stopCron();
  await watcher.stop();
  await lastTick; // a tick in progress finishes writing its rows before the store closes
  await sender.stop(SHUTDOWN_SEND_MS); // sends in flight finish and are recorded; the rest stay queued
  consoleChat?.stop();
  for (const a of adapters) await a.stop().catch((err) => logger.warn('adapter did not stop cleanly', { adapter: a.name, err }));
  await deps.store.close();
  lock?.release();
  // A platform refusing us at start (a bad token) is reported like any failure to start.
  if (startError && !led) throw startError;
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const msg = err instanceof ConfigError ? err.message : `could not start: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`basisbot: ${redact(msg, knownSecrets)}\n`);
    process.exit(1);
  },
);
