/**
 * The shape of a platform-neutral command. Adapters turn a platform event into `tokens` (Telegram
 * and the console split the text after the command) or named option values (Discord, read by
 * `parseOptions`), and render the returned Reply.
 */
import type { ChartRenderer, Clock, Destination, Logger, Market, Metrics, OnChainProvider, Store } from '../core/ports.js';
import type { CommandRateLimiter } from './rateLimit.js';
import type { CalibrationCache } from './calibrations.js';
import type { Reply } from './reply.js';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string; example?: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: string, example?: string): Result<never> =>
  example === undefined ? { ok: false, error } : { ok: false, error, example };

export interface OptionSpec {
  name: string;
  description: string;
  required?: boolean;
  choices?: string[];
  /** Discord offers completions for these. */
  autocomplete?: 'asset' | 'timezone';
  /** Free text holding several space-separated values (e.g. assets). */
  variadic?: boolean;
}

/** Option values by name, as Discord sends them (those of `subcommand`, when the command has subcommands). */
export interface OptionValues {
  subcommand: string | null;
  values: Readonly<Record<string, string | undefined>>;
}

export interface SubcommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
}

export type ChatKind = 'private' | 'group' | 'channel';

export interface CommandContext {
  destination: Destination;
  chatKind: ChatKind;
  /** Whether the caller may change this chat's settings (private chats: always). */
  isAdmin(): Promise<boolean>;
  now: number;
  /**
   * Who sent the command, as the platform names them (Telegram: the user's id, or the sender chat's
   * for a channel post or an anonymous admin; Discord: the user's id; the console: 'local'). With the
   * platform it keys the per-user rate limit; absent (the scheduler, tests) means not limited.
   */
  userId?: string;
}

export interface Settings {
  defaultAsset: string;
  /** The basis band (annualized, fractions) whose reclaiming means renewed confidence. */
  band: readonly [number, number];
  historyDays: number;
  /** Each (chat, asset, alert kind) alerts at most once per this many minutes (ALERT_COOLDOWN_MINUTES, default 240). */
  alertCooldownMinutes: number;
}

export interface CommandDeps {
  market: Market;
  store: Store;
  chart: ChartRenderer;
  clock: Clock;
  logger: Logger;
  /** Counts what happens (commands, deliveries, failures); absent: nothing is counted. */
  metrics?: Metrics;
  settings: Settings;
  /** Optional leverage-ratio and exchange-flow data; absent by default. */
  onChain?: OnChainProvider;
  /** The measured confidence's table, replayed once per asset per day; absent: replayed on every read. */
  calibrations?: CalibrationCache;
  /** The per-user command allowance (COMMAND_RATE_PER_MINUTE); absent: no limit. */
  rateLimit?: CommandRateLimiter;
}

/** Method syntax keeps Command<SomeInput> assignable to Command<unknown>, as parse/execute are. */
type AdminRule<I> = { rule(input: I): boolean }['rule'];

export interface Command<I = unknown> {
  name: string; // 1–32 of a-z0-9_ (Telegram), lower-case (Discord)
  description: string; // ≤ 100 characters (Discord)
  usage: string; // e.g. '/basis [ASSET]'
  examples: string[];
  options: OptionSpec[];
  subcommands?: SubcommandSpec[];
  /**
   * Changing chat settings needs the chat's admin rights (checked server-side by the dispatcher).
   * A function decides per parsed input, for a command that both shows (anyone) and changes (admins).
   */
  requiresAdmin?: boolean | AdminRule<I>;
  /** May call the exchange: Discord defers before running it. */
  touchesNetwork: boolean;
  parse(tokens: string[]): Result<I>;
  /**
   * Named option values (Discord): each value is what its option says — a timezone in `timezone` is
   * a timezone, whatever its shape. Without it, the values become parse() tokens in declared order.
   */
  parseOptions?(options: OptionValues): Result<I>;
  execute(input: I, ctx: CommandContext, deps: CommandDeps): Promise<Reply>;
}
