/**
 * The Telegram adapter: a telegraf bot on long polling, its command menu published from the
 * registry, and a Messenger for the scheduler. `start()` returns once the bot is really polling;
 * `stop()` returns once the last batch is handled and its offset confirmed.
 */
import { Telegraf, Telegram, TelegramError } from 'telegraf';
import { noMetrics } from '../../core/ports.js';
import type { Logger, Metrics } from '../../core/ports.js';
import type { Command, CommandDeps } from '../../commands/types.js';
import { describeError } from '../../commands/dispatch.js';
import type { PartHealth } from '../observability/health.js';
import type { MediaStore } from './media.js';
import { createTelegramMessenger, type TelegramMessenger } from './messenger.js';
import { createTelegramPacer, type TelegramLimits } from './pacer.js';
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
  start(): Promise<void>;
  stop(): Promise<void>;
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
  const bot = new Telegraf(opts.token, { telegram: telegramOptions });
  const telegram = new ObservedTelegram(opts.token, bot.telegram.options);
  bot.telegram = telegram;
  if (opts.metrics) telegram.metrics = opts.metrics;
  const messenger = createTelegramMessenger(telegram, {
    logger: opts.logger,
    pacer: createTelegramPacer(opts.limits, opts.logger),
    ...(opts.media ? { media: opts.media } : {}),
    ...(opts.sendTimeoutMs ? { sendTimeoutMs: opts.sendTimeoutMs } : {}),
  });
  registerHandlers(bot, { registry: opts.registry, deps: opts.deps, logger: opts.logger, messenger });
  let polling: Promise<void> | null = null;
  let running = false;

  async function start(): Promise<void> {
    if (polling) throw new Error('the Telegram adapter is already started');
    try {
      bot.botInfo = await telegram.getMe();
    } catch (err) {
      throw new Error(`Telegram refused getMe (check TELEGRAM_BOT_TOKEN): ${describeError(err)}`);
    }
    try {
      await telegram.setMyCommands(menuCommands(opts.registry));
    } catch (err) {
      opts.logger.warn('telegram setMyCommands failed; the command menu may be stale', { err: describeError(err) });
    }
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
    opts.logger.info('telegram bot started', { username: bot.botInfo.username });
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

  function health(): PartHealth {
    if (!running) return { ok: false, detail: polling ? 'polling stopped' : 'not polling' };
    if (telegram.pollError) return { ok: false, detail: `polling failed: ${telegram.pollError}` };
    return { ok: true, detail: 'polling' };
  }

  return { start, stop, health, messenger };
}
