/**
 * The Telegram adapter: a telegraf bot on long polling, its command menu published from the
 * registry, and a Messenger for the scheduler. `start()` returns once the bot is really polling;
 * `stop()` returns once the last batch is handled and its offset confirmed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Telegraf, Telegram, TelegramError } from 'telegraf';
import { noMetrics } from '../../core/ports.js';
import type { Logger, Metrics } from '../../core/ports.js';
import type { Command, CommandDeps } from '../../commands/types.js';
import { describeError } from '../../commands/dispatch.js';
import type { PartHealth } from '../observability/health.js';
import type { MediaStore } from './media.js';
import { createTelegramMessenger, type TelegramMessenger } from './messenger.js';
import { createTelegramPacer, TELEGRAM_LIMITS, type TelegramLimits } from './pacer.js';
import { ALLOWED_UPDATES, registerHandlers } from './register.js';

/** setMyCommands limits. */
export const MAX_COMMANDS = 100;
export const MAX_COMMAND_DESCRIPTION = 256;

export interface TelegramAdapterOptions {
  token: string;
  /** Another Bot API server (a local one, or a test fake); default https://api.telegram.org. */
  apiRoot?: string | undefined;
  registry: readonly Command<any>[];
  deps: CommandDeps;
  logger: Logger;
  sendTimeoutMs?: number;
  /** Pacing of every send (command replies and the outbox); default Telegram's published limits at 25 messages/s. */
  limits?: TelegramLimits;
  /** Where uploaded charts' file_ids are kept, so a restart re-sends by id. */
  media?: MediaStore;
  /** Polling died on its own (409 from a second instance, a revoked token): the process should exit. */
  onFatal?: (err: unknown) => void;
  /** Counts every 429 Telegram answers, whatever the method. */
  metrics?: Metrics;
}

export interface TelegramAdapter {
  /** Long polling (the leader, when no webhook is configured). */
  start(): Promise<void>;
  stop(): Promise<void>;
  webhookHandler(path: string, secret: string): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>>;
  registerWebhook(url: string, secret: string): Promise<void>;
  /** `n` instances send at once: each takes 1/n of the overall allowance. */
  setShare(n: number): void;
  /** Polling is running and its last getUpdates did not fail (telegraf retries a failed one every few seconds). */
  health(): PartHealth;
  messenger: TelegramMessenger;
}

/**
 * Every Bot API call of the adapter goes through here: start() learns when telegraf's polling loop
 * has issued its first getUpdates, health() whether the last one failed, and 429s are counted.
 */
class ObservedTelegram extends Telegram {
  onPoll: (() => void) | null = null;
  metrics: Metrics = noMetrics;
  /** Why the last getUpdates failed; null once one succeeds. */
  pollError: string | null = null;
  override callApi: Telegram['callApi'] = (method, payload, opts) => {
    if (method === 'getUpdates') this.onPoll?.();
    const call = super.callApi(method, payload, opts);
    call.then(
      () => {
        if (method === 'getUpdates') this.pollError = null;
      },
      (err: unknown) => {
        if (err instanceof TelegramError && err.code === 429) this.metrics.rateLimited('telegram');
        if (method === 'getUpdates' && !(err instanceof Error && err.name === 'AbortError')) this.pollError = describeError(err);
      },
    );
    return call;
  };
}

/** The registry as Telegram's command menu: valid names only, descriptions within limits. */
export function menuCommands(registry: readonly Command<any>[]): { command: string; description: string }[] {
  return registry
    .filter((c) => /^[a-z0-9_]{1,32}$/.test(c.name))
    .slice(0, MAX_COMMANDS)
    .map((c) => ({ command: c.name, description: (c.description.trim() || c.usage).slice(0, MAX_COMMAND_DESCRIPTION) }));
}

export function createTelegramAdapter(opts: TelegramAdapterOptions): TelegramAdapter {
  const telegramOptions = opts.apiRoot ? { apiRoot: opts.apiRoot } : {};
  // webhookReply off: every call is a real request, paced and answered with its message id.
  const bot = new Telegraf(opts.token, { telegram: { ...telegramOptions, webhookReply: false } });
  const telegram = new ObservedTelegram(opts.token, bot.telegram.options);
  bot.telegram = telegram;
  if (opts.metrics) telegram.metrics = opts.metrics;
  const limits = opts.limits ?? TELEGRAM_LIMITS;
  const pacer = createTelegramPacer(limits, opts.logger);
  const messenger = createTelegramMessenger(telegram, {
    logger: opts.logger,
    pacer,
    ...(opts.media ? { media: opts.media } : {}),
    ...(opts.sendTimeoutMs ? { sendTimeoutMs: opts.sendTimeoutMs } : {}),
  });
  registerHandlers(bot, { registry: opts.registry, deps: opts.deps, logger: opts.logger, messenger });
  let polling: Promise<void> | null = null;
  let running = false;
  let webhook: 'serving' | 'registered' | null = null;

  let identified: Promise<void> | null = null;
  /** getMe, once: every instance needs the bot's username to recognise `/cmd@bot` in groups. */
  const identify = (): Promise<void> =>
    (identified ??= telegram.getMe().then(
      (me) => void (bot.botInfo = me),
      (err: unknown) => {
        identified = null;
        throw new Error(`Telegram refused getMe (check TELEGRAM_BOT_TOKEN): ${describeError(err)}`);
      },
    ));

  async function publishMenu(): Promise<void> {
    try {
      await telegram.setMyCommands(menuCommands(opts.registry));
    } catch (err) {
      opts.logger.warn('telegram setMyCommands failed; the command menu may be stale', { err: describeError(err) });
    }
  }

  async function start(): Promise<void> {
    if (polling) throw new Error('the Telegram adapter is already started');
    await identify();
    await publishMenu();
    // A quick, non-confirming poll: a webhook or a second instance answers 409 here, at start.
    await telegram.deleteWebhook();
    await telegram.callApi('getUpdates', { timeout: 0, limit: 1, allowed_updates: [...ALLOWED_UPDATES] });

    const firstPoll = new Promise<void>((resolve) => (telegram.onPoll = resolve));
    // launch() resolves only when polling stops, so it is kept, not awaited.
    const loop = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] });
    running = true;
    polling = loop
      .then(
        () => opts.logger.info('telegram polling stopped'),
        (err: unknown) => {
          opts.logger.error('telegram polling failed', { err: describeError(err) });
          opts.onFatal?.(err);
        },
      )
      .finally(() => (running = false));
    await Promise.race([firstPoll, loop]);
    telegram.onPoll = null;
    opts.logger.info('telegram bot started', { username: bot.botInfo?.username });
  }

  async function stop(): Promise<void> {
    if (!polling) return;
    try {
      bot.stop('shutdown');
    } catch {
      // Polling already ended on its own (its failure has been logged).
    }
    await polling;
    polling = null;
  }

  /** Webhook mode, on every instance: the handler for Telegram's POSTs (telegraf checks the secret header too). */
  async function webhookHandler(path: string, secret: string) {
    await identify();
    webhook ??= 'serving';
    return bot.webhookCallback(path, { secretToken: secret });
  }

  /** Webhook mode, on the leader: register the webhook with its secret, and the command menu. */
  async function registerWebhook(url: string, secret: string): Promise<void> {
    await identify();
    await publishMenu();
    await telegram.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
    webhook = 'registered';
    opts.logger.info('telegram webhook registered', { username: bot.botInfo?.username, url: new URL(url).origin + new URL(url).pathname });
  }

  function health(): PartHealth {
    if (webhook) return { ok: true, detail: webhook === 'registered' ? 'webhook registered' : 'taking webhook updates' };
    if (!running) return { ok: false, detail: polling ? 'polling stopped' : 'not polling' };
    if (telegram.pollError) return { ok: false, detail: `polling failed: ${telegram.pollError}` };
    return { ok: true, detail: 'polling' };
  }

  /** `n` instances send at once: each takes 1/n of the overall allowance. */
  const setShare = (n: number) => pacer.setRate(limits.messagesPerSecond / Math.max(1, n));

  return { start, stop, health, messenger, webhookHandler, registerWebhook, setShare };
}
