/**
 * The one entry point every adapter calls: find the command, parse its tokens, check rights, run
 * it, and turn any failure into a short reply. Nothing thrown here reaches an adapter's event loop.
 */
import { BasisbotError } from '../core/errors.js';
import { errorReply, type Reply } from './reply.js';
import type { Command, CommandContext, CommandDeps } from './types.js';

export interface Invocation {
  name: string;
  tokens: string[];
}

/** '/brief@basisbot ETH  ' → { name: 'brief', tokens: ['ETH'] }; null when it is not a command. */
export function parseCommandText(text: string): Invocation | null {
  const m = /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  const rest = (m[2] ?? '').trim();
  return { name: m[1]!.toLowerCase(), tokens: rest === '' ? [] : rest.split(/\s+/) };
}

export async function runCommand(
  registry: readonly Command<any>[],
  inv: Invocation,
  ctx: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const command = registry.find((c) => c.name === inv.name);
  if (!command) {
    return errorReply(`Unknown command /${inv.name}. Type /help for the list.`, '/help');
  }
  const parsed = command.parse(inv.tokens);
  if (!parsed.ok) return errorReply(parsed.error, parsed.example ?? command.examples[0]);
  try {
    // Inside the boundary: an admin lookup that fails (a platform API error) refuses, never runs.
    if (needsAdmin(command, parsed.value) && !(await ctx.isAdmin())) {
      return errorReply(`Only this chat's admins can change its settings. Ask an admin to run /${command.name}.`);
    }
    return await command.execute(parsed.value, ctx, deps);
  } catch (err) {
    if (err instanceof BasisbotError) {
      // Expected outcomes (a bad asset, an outage the market layer has already logged): not a warning.
      deps.logger.info('command answered with an error', { command: command.name, chat: ctx.destination, err: err.message });
      return errorReply(err.userMessage);
    }
    deps.logger.error('command failed', { command: command.name, chat: ctx.destination, err: describeError(err) });
    return errorReply(`Something went wrong while running /${command.name}. It has been logged; please try again in a minute.`);
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
