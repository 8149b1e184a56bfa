/**
 * `npm run deploy-commands`: make Discord's slash commands match the registry, sending only what
 * changed (guild commands update at once, global ones lazily; creates are capped at 200 a day).
 * Run it after changing a command's name, description or options — not on every start.
 */
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { describeError } from '../../commands/dispatch.js';
import type { Command } from '../../commands/types.js';
import type { Logger } from '../../core/ports.js';
import { restOptions } from './rest.js';
import { computeDifferences, registryToJson, type ExistingCommand } from './commands.js';

export interface DeployOptions {
  rest: REST;
  applicationId: string;
  /** Deploy to one server (instant) instead of globally. */
  guildId?: string | undefined;
  registry: readonly Command<any>[];
  logger: Logger;
}

export interface DeployReport {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export async function deployCommands({ rest, applicationId, guildId, registry, logger }: DeployOptions): Promise<DeployReport> {
  const collection = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const one = (id: string) => (guildId ? Routes.applicationGuildCommand(applicationId, guildId, id) : Routes.applicationCommand(applicationId, id));
  const desired = registryToJson(registry);
  const existing = (await rest.get(collection)) as ExistingCommand[];
  const diff = computeDifferences(existing, desired);

  if (existing.length === 0 && desired.length > 0) {
    await rest.put(collection, { body: desired }); // first deployment: one request
  } else {
    for (const c of diff.create) await rest.post(collection, { body: c });
    for (const u of diff.update) await rest.patch(one(u.id), { body: u.command });
    for (const d of diff.delete) await rest.delete(one(d.id));
  }
  const report = { created: diff.create.length, updated: diff.update.length, deleted: diff.delete.length, unchanged: diff.unchanged.length };
  logger.info('discord commands deployed', { scope: guildId ? `guild ${guildId}` : 'global', ...report });
  return report;
}

async function main(): Promise<void> {
  const { loadConfig } = await import('../config.js');
  const config = loadConfig();
  if (!config.discordToken || !config.discordApplicationId) {
    console.error('deploy-commands: set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
    process.exit(1);
  }
  const [{ registry }, { createLogger }] = await Promise.all([import('../../commands/registry.js'), import('../logger.js')]);
  const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
  const rest = new REST(restOptions(config.discordApiBase)).setToken(config.discordToken);
  const report = await deployCommands({ rest, applicationId: config.discordApplicationId, guildId: config.discordGuildId, registry, logger });
  console.log(`deploy-commands: ${report.created} created, ${report.updated} updated, ${report.deleted} deleted, ${report.unchanged} unchanged`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(`deploy-commands: ${describeError(err)}`);
    process.exit(1);
  });
}
