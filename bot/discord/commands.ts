/**
 * The slash-command surface, generated from the same registry as /help and Telegram's menu, and the
 * way back for a command that reads only tokens: option values as the tokens its parse() reads. Pure.
 */
import type { Command, OptionSpec } from '../../commands/types.js';

/** Discord's numbers, named (discord-api-types ApplicationCommandOptionType / InteractionContextType). */
const SUBCOMMAND = 1;
const STRING = 3;
const CHAT_INPUT = 1;
const CONTEXT_GUILD = 0;
const CONTEXT_BOT_DM = 1;
const GUILD_INSTALL = 0;
/** Manage Channels (1 << 4): the default gate on commands that change a channel's subscriptions. */
export const MANAGE_CHANNELS = '16';

export interface OptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string }[];
  autocomplete?: boolean;
  options?: OptionJson[];
}

export interface CommandJson {
  type: number;
  name: string;
  description: string;
  options: OptionJson[];
  default_member_permissions: string | null;
  contexts: number[];
  integration_types: number[];
  nsfw: boolean;
}

/** What GET /applications/:id/commands returns for one command (fields we read). */
export type ExistingCommand = Partial<CommandJson> & { id: string; name: string; description: string };

export function toCommandJson(command: Command<unknown>): CommandJson {
  const options = command.subcommands
    ? command.subcommands.map((s) => ({ type: SUBCOMMAND, name: s.name, description: s.description, options: s.options.map(optionJson) }))
    : command.options.map(optionJson);
  return {
    type: CHAT_INPUT,
    name: command.name,
    description: command.description,
    options,
    // Only an always-admin command is gated; one that decides per input (/alerts: view for all, change
    // for admins) stays open, and the dispatcher refuses the changes.
    default_member_permissions: command.requiresAdmin === true ? MANAGE_CHANNELS : null,
    // Usable in servers and in a DM with the bot; group DMs would need a user install.
    contexts: [CONTEXT_GUILD, CONTEXT_BOT_DM],
    integration_types: [GUILD_INSTALL],
    nsfw: false,
  };
}

export const registryToJson = (registry: readonly Command<any>[]): CommandJson[] => registry.map(toCommandJson);

function optionJson(o: OptionSpec): OptionJson {
  const json: OptionJson = { type: STRING, name: o.name, description: o.description, required: o.required ?? false };
  if (o.choices) json.choices = o.choices.map((c) => ({ name: c, value: c }));
  if (o.autocomplete) json.autocomplete = true;
  return json;
}

export interface Differences {
  create: CommandJson[];
  update: { id: string; command: CommandJson }[];
  delete: { id: string; name: string }[];
  unchanged: string[];
}

/** Which commands to POST, PATCH or DELETE so that Discord holds exactly `desired`. */
export function computeDifferences(existing: readonly ExistingCommand[], desired: readonly CommandJson[]): Differences {
  const out: Differences = { create: [], update: [], delete: [], unchanged: [] };
  const byName = new Map(existing.map((c) => [c.name, c]));
  for (const want of desired) {
    const have = byName.get(want.name);
    if (!have) out.create.push(want);
    else if (JSON.stringify(normalize(have)) === JSON.stringify(normalize(want))) out.unchanged.push(want.name);
    else out.update.push({ id: have.id, command: want });
  }
  const wanted = new Set(desired.map((c) => c.name));
  for (const have of existing) if (!wanted.has(have.name)) out.delete.push({ id: have.id, name: have.name });
  return out;
}

/** Only the fields that matter, with Discord's defaults filled in so an omitted field equals its default. */
function normalize(c: Partial<CommandJson>) {
  return {
    type: c.type ?? CHAT_INPUT,
    description: c.description ?? '',
    options: (c.options ?? []).map(normalizeOption),
    default_member_permissions: c.default_member_permissions ?? null,
    contexts: c.contexts ? [...c.contexts].sort() : null,
    integration_types: c.integration_types ? [...c.integration_types].sort() : [GUILD_INSTALL],
    nsfw: c.nsfw ?? false,
  };
}

function normalizeOption(o: OptionJson): unknown {
  return {
    type: o.type,
    name: o.name,
    description: o.description,
    required: o.required ?? false,
    choices: (o.choices ?? []).map((c) => ({ name: c.name, value: c.value })),
    autocomplete: o.autocomplete ?? false,
    options: (o.options ?? []).map(normalizeOption),
  };
}

/** The option specs an interaction for `command` (and `subcommand`) is answering. */
export function optionSpecsFor(command: Command<unknown>, subcommand: string | null): OptionSpec[] {
  if (!command.subcommands) return command.options;
  return command.subcommands.find((s) => s.name === subcommand)?.options ?? [];
}

/**
 * Option values → parse() tokens, for a command without `parseOptions` (those with it read the values
 * by name): the subcommand first, then values in declared order; a variadic value is split on
 * spaces. An omitted option contributes nothing, as a Telegram user leaving that argument out.
 */
export function optionTokens(command: Command<unknown>, subcommand: string | null, values: Readonly<Record<string, string | undefined>>): string[] {
  const tokens = subcommand ? [subcommand] : [];
  for (const spec of optionSpecsFor(command, subcommand)) {
    const value = values[spec.name]?.trim();
    if (!value) continue;
    if (spec.variadic) tokens.push(...value.split(/\s+/));
    else tokens.push(value);
  }
  return tokens;
}
