/**
 * The only module that reads the environment. Everything is validated once at start; a bad value
 * stops the bot with one line naming the variable, never echoing a secret.
 */
import { z } from 'zod';
import type { VenueId } from '../core/types.js';

const VENUES = ['binance', 'okx', 'bybit'] as const;

const optionalText = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s === '' ? undefined : s));

const optionalUrl = optionalText.refine((s) => s === undefined || URL.canParse(s), 'must be a URL such as http://127.0.0.1:8080/');

const schema = z.object({
  DATABASE_URL: optionalText,
  HEALTH_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  HEALTH_MARKET_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(24 * 3600).default(600),
  EXCHANGES: z
    .string()
    .default('binance')
    .transform((s) => s.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.enum(VENUES)).min(1, 'name at least one venue').refine((v) => new Set(v).size === v.length, 'each venue once')),
  EXCHANGE_PROXY_URL: optionalUrl,
  EXCHANGE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
  MARKET_CACHE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  // 1,500 days hold the 2021–22 cycle (Binance's continuous quarterly klines reach back to 2020)
  // and cost one page of futures klines, two of spot; 3,650 is ten years.
  HISTORY_DAYS: z.coerce.number().int().min(400).max(3650).default(1500),
  // It is printed in every reply's title: letters and digits only, as the commands accept an asset.
  DEFAULT_ASSET: z.string().trim().toUpperCase().default('BTC').pipe(z.string().regex(/^[A-Z0-9]{1,15}$/, 'letters and digits, like BTC')),
  BASIS_BAND: z
    .string()
    .default('0,2')
    .transform((s) => s.split(',').map((x) => Number(x.trim()) / 100))
    .refine((b) => b.length === 2 && b.every(Number.isFinite) && b[0]! < b[1]!, 'two annualized percentages, low,high — e.g. 0,5'),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: optionalUrl,
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_GUILD_ID: optionalText,
  DISCORD_API_BASE: optionalUrl,
  DISCORD_SHARDS: optionalText.refine((s) => s === undefined || s === 'auto' || /^[1-9]\d{0,3}$/.test(s), 'auto, or a number of shards such as 2'),
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalText.refine((s) => s === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(s), '1–256 characters of A–Z, a–z, 0–9, _ and -'),
  PORT: z.coerce.number().int().min(1).max(65_535).default(8080),
  BRIEF_GRACE_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(120),
  TELEGRAM_MAX_MESSAGES_PER_SECOND: z.coerce.number().min(1).max(1000).default(25),
  ALERT_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  ALERT_COOLDOWN_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(240),
  COMMAND_RATE_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).default(10),
  ONCHAIN_PROVIDER: optionalText.pipe(z.enum(['coinmetrics', 'none']).optional()),
  COINMETRICS_API_KEY: optionalText,
  COINMETRICS_API_BASE: optionalUrl,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional(),
});

export interface Config {
  databaseUrl: string | undefined;
  /** /healthz and /metrics on this port; undefined: not served (and prom-client never loaded). */
  healthPort: number | undefined;
  /** /healthz fails when the newest market data is older than this and a fresh read fails. */
  healthMarketMaxAgeMs: number;
  exchanges: VenueId[];
  exchangeProxyUrl: string | undefined;
  exchangeTimeoutMs: number;
  marketCacheMs: number;
  historyDays: number;
  defaultAsset: string;
  band: readonly [number, number];
  telegramBotToken: string | undefined;
  telegramApiRoot: string | undefined;
  discordToken: string | undefined;
  discordApplicationId: string | undefined;
  discordGuildId: string | undefined;
  discordApiBase: string | undefined;
  /** discord.js's own sharding: 'auto' (Discord's recommendation) or a count; undefined: one shard. */
  discordShards: 'auto' | number | undefined;
  /** Telegram webhook mode when set (else long polling); the secret, when unset, is generated and shared. */
  telegramWebhookUrl: string | undefined;
  telegramWebhookSecret: string | undefined;
  /** Where the webhook listens. */
  port: number;
  briefGraceMinutes: number;
  /** Telegram's broadcast pace (its published limit is about 30 a second). */
  telegramMaxMessagesPerSecond: number;
  alertCheckIntervalMs: number;
  alertCooldownMinutes: number;
  /** Commands one user may send per minute on Telegram or Discord; 0 turns the limit off. */
  commandRatePerMinute: number;
  /** Exchange flows and exchange supply from Coin Metrics (ONCHAIN_PROVIDER=coinmetrics); null: off. */
  onChainProvider: 'coinmetrics' | null;
  /** A Coin Metrics Pro key: the paid host instead of the community one. */
  coinMetricsApiKey: string | undefined;
  /** Overrides the Coin Metrics base URL, up to and including /v4 (a proxy; the tests' fake). */
  coinMetricsApiBase: string | undefined;
  /** Unset: info when serving chat platforms, warn in the console chat and with --once. */
  logLevel: 'debug' | 'info' | 'warn' | 'error' | undefined;
  /** Values to scrub from every log line. */
  secrets: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration — ${issues.join('; ')}`);
  }
  const e = parsed.data;
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) {
    throw new ConfigError('invalid configuration — DISCORD_APPLICATION_ID is required with DISCORD_TOKEN');
  }
  return {
    databaseUrl: e.DATABASE_URL,
    healthPort: e.HEALTH_PORT,
    healthMarketMaxAgeMs: e.HEALTH_MARKET_MAX_AGE_SECONDS * 1000,
    exchanges: e.EXCHANGES,
    exchangeProxyUrl: e.EXCHANGE_PROXY_URL,
    exchangeTimeoutMs: e.EXCHANGE_TIMEOUT_MS,
    marketCacheMs: e.MARKET_CACHE_SECONDS * 1000,
    historyDays: e.HISTORY_DAYS,
    defaultAsset: e.DEFAULT_ASSET,
    band: [e.BASIS_BAND[0]!, e.BASIS_BAND[1]!] as const,
    telegramBotToken: e.TELEGRAM_BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    discordToken: e.DISCORD_TOKEN,
    discordApplicationId: e.DISCORD_APPLICATION_ID,
    discordGuildId: e.DISCORD_GUILD_ID,
    discordApiBase: e.DISCORD_API_BASE,
    discordShards: e.DISCORD_SHARDS === undefined ? undefined : e.DISCORD_SHARDS === 'auto' ? 'auto' : Number(e.DISCORD_SHARDS),
    telegramWebhookUrl: e.TELEGRAM_WEBHOOK_URL,
    telegramWebhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
    port: e.PORT,
    briefGraceMinutes: e.BRIEF_GRACE_MINUTES,
    telegramMaxMessagesPerSecond: e.TELEGRAM_MAX_MESSAGES_PER_SECOND,
    alertCheckIntervalMs: e.ALERT_CHECK_INTERVAL_SECONDS * 1000,
    alertCooldownMinutes: e.ALERT_COOLDOWN_MINUTES,
    commandRatePerMinute: e.COMMAND_RATE_PER_MINUTE,
    onChainProvider: e.ONCHAIN_PROVIDER === 'coinmetrics' ? 'coinmetrics' : null,
    coinMetricsApiKey: e.COINMETRICS_API_KEY,
    coinMetricsApiBase: e.COINMETRICS_API_BASE,
    logLevel: e.LOG_LEVEL,
    secrets: [
      e.TELEGRAM_BOT_TOKEN,
      e.DISCORD_TOKEN,
      e.TELEGRAM_WEBHOOK_SECRET,
      passwordOf(e.DATABASE_URL),
      passwordOf(e.EXCHANGE_PROXY_URL),
      e.COINMETRICS_API_KEY,
    ].filter(
      (s): s is string => !!s && s.length >= 4,
    ),
  };
}

/** Postgres may be shared by several instances; a SQLite file or memory belongs to one process. */
export const isSharedStore = (databaseUrl: string | undefined): boolean => /^postgres(ql)?:\/\//i.test(databaseUrl?.trim() ?? '');

function passwordOf(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const p = new URL(url).password;
  return p ? decodeURIComponent(p) : undefined;
}
