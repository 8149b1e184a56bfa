/**
 * interactionCreate → the shared command runner. The caller's allowance and the arguments (read by
 * option name) are checked first and a refusal answered at once, to the caller only. A command that
 * may touch the network is then deferred, so Discord gets its acknowledgement within 3 s whatever the
 * exchange does; the answer replaces @original. One error boundary: nothing thrown here escapes.
 */
import {
  AttachmentBuilder,
  Events,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
} from 'discord.js';
import { admitCaller, countRefusal, describeError, executeCommand, prepareCommand } from '../../commands/dispatch.js';
import type { Reply } from '../../commands/reply.js';
import type { Command, CommandContext, CommandDeps } from '../../commands/types.js';
import type { Logger } from '../../core/ports.js';
import { choicesFor } from './autocomplete.js';
import { optionSpecsFor, optionTokens } from './commands.js';
import { renderReply } from './render.js';

export interface InteractionDeps {
  registry: readonly Command<any>[];
  deps: CommandDeps;
  logger: Logger;
}

const SORRY = 'Something went wrong while answering. It has been logged; please try again in a minute.';

export function registerInteractionHandlers(client: Client, d: InteractionDeps): void {
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, d));
}

export async function handleInteraction(interaction: Interaction, d: InteractionDeps): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) await answerCommand(interaction, d);
    else if (interaction.isAutocomplete()) await answerAutocomplete(interaction, d);
  } catch (err) {
    const command = interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : null;
    d.logger.error('discord interaction failed', { err: describeError(err), command, chat: interaction.channelId });
    if (interaction.isAutocomplete()) {
      // An empty list beats Discord's "loading options failed".
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    const sorry = { content: SORRY, allowedMentions: { parse: [] } };
    await (interaction.deferred || interaction.replied
      ? interaction.editReply(sorry)
      : interaction.reply({ ...sorry, flags: MessageFlags.Ephemeral })
    ).catch((e: unknown) => d.logger.warn('could not tell the user about a failure', { err: describeError(e), command }));
  }
}

/** Rights are checked here again: a server admin can override default_member_permissions. */
export function callerMayChangeSettings(interaction: ChatInputCommandInteraction): boolean {
  if (!interaction.inGuild()) return true; // a DM with the bot belongs to the user
  return interaction.memberPermissions.has(PermissionFlagsBits.ManageChannels);
}

async function answerCommand(interaction: ChatInputCommandInteraction, { registry, deps }: InteractionDeps): Promise<void> {
  const ctx: CommandContext = {
    destination: { platform: 'discord', chatId: interaction.channelId },
    chatKind: interaction.inGuild() ? 'group' : 'private',
    isAdmin: async () => callerMayChangeSettings(interaction),
    now: deps.clock.now(),
    userId: interaction.user.id,
  };
  // The allowance and the arguments are checked before anything is deferred: a refusal is answered
  // at once and only to the caller, and a spammer costs no public "thinking…" message.
  const admission = admitCaller(ctx, deps, interaction.commandName); // Discord sends only the names we deployed
  if (!admission.ok) return answerLimited(interaction, admission.notice);
  const command = registry.find((c) => c.name === interaction.commandName);
  const subcommand = interaction.options.getSubcommand(false);
  const values: Record<string, string | undefined> = {};
  for (const spec of command ? optionSpecsFor(command, subcommand) : []) {
    values[spec.name] = interaction.options.getString(spec.name) ?? undefined;
  }
  const tokens = command ? optionTokens(command, subcommand, values) : [];
  const prepared = prepareCommand(registry, { name: interaction.commandName, tokens, options: { subcommand, values } });
  if (!prepared.ok) {
    countRefusal(deps, interaction.commandName, prepared);
    await interaction.reply({ ...toDiscordJsMessage(prepared.reply), flags: MessageFlags.Ephemeral });
    return;
  }
  if (prepared.command.touchesNetwork) await interaction.deferReply();
  const reply = await executeCommand(prepared, { ...ctx, now: deps.clock.now() }, deps);
  const message = toDiscordJsMessage(reply);
  if (interaction.deferred) await interaction.editReply(message);
  // Without a network call the answer is immediate; an error then is shown only to the caller.
  else await interaction.reply(reply.tone === 'error' ? { ...message, flags: MessageFlags.Ephemeral } : message);
}

/**
 * Over the rate limit. An interaction must still be acknowledged within 3 s, or the caller sees
 * "The application did not respond": the notice goes to them alone; after it, an ephemeral deferral
 * that is deleted at once, so nothing stays on anyone's screen.
 */
async function answerLimited(interaction: ChatInputCommandInteraction, notice: Reply | null): Promise<void> {
  if (notice) {
    await interaction.reply({ ...toDiscordJsMessage(notice), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.deleteReply();
}

async function answerAutocomplete(interaction: AutocompleteInteraction, { registry, deps }: InteractionDeps): Promise<void> {
  const command = registry.find((c) => c.name === interaction.commandName);
  const focused = interaction.options.getFocused(true);
  const spec = command ? optionSpecsFor(command, interaction.options.getSubcommand(false)).find((s) => s.name === focused.name) : undefined;
  const choices = await choicesFor(spec, String(focused.value), () => deps.market.knownAssets());
  await interaction.respond(choices);
}

function toDiscordJsMessage(reply: Reply) {
  const { embeds, files, allowed_mentions } = renderReply(reply);
  return {
    embeds,
    files: files.map((f) => new AttachmentBuilder(Buffer.from(f.data), { name: f.name, description: f.description })),
    allowedMentions: allowed_mentions,
  };
}
