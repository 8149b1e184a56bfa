/**
 * The one entry point every adapter calls: admit the caller (the per-user rate limit), find the
 * command, refuse over-long arguments, parse them, check rights, run it, and turn any failure into
 * a short reply. Everything before `execute` is pure, so a bad argument never costs a request.
 * Nothing thrown by a command reaches an adapter's event loop.
 */
import { BasisbotError, MarketUnavailableError } from '../core/errors.js';
import type { CommandOutcome } from '../core/ports.js';
import { errorReply, textReply, type Reply } from './reply.js';
import type { Command, CommandContext, CommandDeps, OptionValues } from './types.js';

export interface Invocation {
  name: string;
  tokens: string[];
  /** Named option values (Discord): read by the command's parseOptions when it has one. */
  options?: OptionValues;
}

/** The longest IANA zone name is 32 characters, an asset 15: anything near this is not an argument. */
export const MAX_ARGUMENT_CHARS = 64;
/** All of a command's arguments together (five assets, a time and a zone fit in well under this). */
export const MAX_ARGUMENTS_CHARS = 256;

/** '/brief@basisbot ETH  ' → { name: 'brief', tokens: ['ETH'] }; null when it is not a command. */
export function parseCommandText(text: string): Invocation | null {
  const m = /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  const rest = (m[2] ?? '').trim();
  return { name: m[1]!.toLowerCase(), tokens: rest === '' ? [] : rest.split(/\s+/) };
}

export type Admission = { ok: true } | { ok: false; notice: Reply | null };

/**
 * The caller's allowance, checked before anything else. Over it, the first command of the window
 * gets `notice` and the rest get null: the adapter then sends nothing. The console chat and --once
 * are exempt: one person at their own terminal floods nobody, and --once answers one command.
 */
export function admitCaller(ctx: CommandContext, deps: CommandDeps, command = 'unknown'): Admission {
  const limit = deps.rateLimit;
  if (!limit || ctx.userId === undefined || ctx.destination.platform === 'console') return { ok: true };
  const { verdict, resetAt } = limit.admit(`${ctx.destination.platform}:${ctx.userId}`, ctx.now);
  if (verdict === 'run') return { ok: true };
  countCommand(deps, command, 'rate-limited');
  if (verdict === 'silent') return { ok: false, notice: null };
  deps.logger.info('caller over the command rate limit; quiet until the window ends', {
    platform: ctx.destination.platform,
    user: ctx.userId,
    chat: ctx.destination.chatId,
  });
  return { ok: false, notice: rateLimitNotice(limit.perMinute, resetAt - ctx.now) };
}

export function rateLimitNotice(perMinute: number, waitMs: number): Reply {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return textReply(
    'Slow down',
    [`You have sent more than ${perMinute} commands in a minute. I will answer you again in ${seconds} s; until then I stay quiet.`],
    'warning',
  );
}

/** Admission, then the command: null means send nothing (the caller is over the rate limit and was told). */
export async function answerCommand(registry: readonly Command<any>[], inv: Invocation, ctx: CommandContext, deps: CommandDeps): Promise<Reply | null> {
  const admission = admitCaller(ctx, deps, registry.some((c) => c.name === inv.name) ? inv.name : 'unknown');
  if (!admission.ok) return admission.notice;
  return runCommand(registry, inv, ctx, deps);
}

/** Counts how a command ended (the metrics' commands by name and outcome). */
export function countCommand(deps: CommandDeps, command: string, outcome: CommandOutcome): void {
  deps.metrics?.command(command, outcome);
}

/** A refusal before any I/O, counted: an unknown command under the name `unknown` (user text never becomes a label). */
export function countRefusal(deps: CommandDeps, name: string, prepared: Extract<Prepared, { ok: false }>): void {
  countCommand(deps, prepared.outcome === 'unknown' ? 'unknown' : name, prepared.outcome);
}

export type Prepared = { ok: true; command: Command<any>; input: unknown } | { ok: false; reply: Reply; outcome: 'unknown' | 'invalid' };

/** Finds the command and parses its arguments, without any I/O: what an adapter can answer at once. */
export function prepareCommand(registry: readonly Command<any>[], inv: Invocation): Prepared {
  const command = registry.find((c) => c.name === inv.name);
  if (!command) return { ok: false, reply: errorReply(`Unknown command /${inv.name}. Type /help for the list.`, '/help'), outcome: 'unknown' };
  const long = overlong(inv);
  if (long) return { ok: false, reply: errorReply(long, command.examples[0]), outcome: 'invalid' };
  const parsed = inv.options && command.parseOptions ? command.parseOptions(inv.options) : command.parse(inv.tokens);
  if (!parsed.ok) return { ok: false, reply: errorReply(parsed.error, parsed.example ?? command.examples[0]), outcome: 'invalid' };
  return { ok: true, command, input: parsed.value };
}

/** Why the arguments are refused unread (never echoing them), or null. */
export function overlong(inv: Invocation): string | null {
  const words = inv.options
    ? Object.values(inv.options.values).flatMap((v) => (v?.trim() ? v.trim().split(/\s+/) : []))
    : inv.tokens;
  const chars = (s: string) => [...s].length;
  const longest = words.reduce((n, w) => Math.max(n, chars(w)), 0);
  if (longest > MAX_ARGUMENT_CHARS) {
    return `That argument is too long (${longest.toLocaleString('en-US')} characters): each one is at most ${MAX_ARGUMENT_CHARS}.`;
  }
  const total = words.reduce((n, w) => n + chars(w) + 1, -1);
  if (total > MAX_ARGUMENTS_CHARS) {
    return `Too many arguments (${total.toLocaleString('en-US')} characters): /${inv.name} takes at most ${MAX_ARGUMENTS_CHARS}.`;
  }
  return null;
}

export async function runCommand(
  registry: readonly Command<any>[],
  inv: Invocation,
  ctx: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const prepared = prepareCommand(registry, inv);
  if (prepared.ok) return executeCommand(prepared, ctx, deps);
  countRefusal(deps, inv.name, prepared);
  return prepared.reply;
}

/** Rights, then the command, inside the error boundary; counted by how it ended. */
export async function executeCommand(prepared: Extract<Prepared, { ok: true }>, ctx: CommandContext, deps: CommandDeps): Promise<Reply> {
  const { command } = prepared;
  const { reply, outcome } = await execute(prepared, ctx, deps);
  countCommand(deps, command.name, outcome);
  return reply;
}

async function execute({ command, input }: Extract<Prepared, { ok: true }>, ctx: CommandContext, deps: CommandDeps): Promise<{ reply: Reply; outcome: CommandOutcome }> {
  try {
    // Inside the boundary: an admin lookup that fails (a platform API error) refuses, never runs.
    if (needsAdmin(command, input) && !(await ctx.isAdmin())) {
      return { reply: errorReply(`Only this chat's admins can change its settings. Ask an admin to run /${command.name}.`), outcome: 'refused' };
    }
    const reply = await command.execute(input, ctx, deps);
    return { reply, outcome: reply.tone === 'error' ? 'user-error' : 'ok' };
  } catch (err) {
    if (err instanceof BasisbotError) {
      // Expected outcomes (a bad asset, an outage the market layer has already logged): not a warning.
      deps.logger.info('command answered with an error', { command: command.name, chat: ctx.destination, err: err.message });
      return { reply: errorReply(err.userMessage), outcome: err instanceof MarketUnavailableError ? 'unavailable' : 'user-error' };
    }
    deps.logger.error('command failed', { command: command.name, chat: ctx.destination, err: describeError(err) });
    return { reply: errorReply(`Something went wrong while running /${command.name}. It has been logged; please try again in a minute.`), outcome: 'error' };
  }
}

/** Whether running `command` with this input changes the chat's settings. */
export function needsAdmin<I>(command: Command<I>, input: I): boolean {
  const rule = command.requiresAdmin;
  return typeof rule === 'function' ? rule(input) : rule === true;
}

/** An error as one loggable line: name and message only — never headers, config or tokens. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
