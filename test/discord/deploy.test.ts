/**
 * deploy-commands against the fake Discord: it sends only what changed, so running it twice costs
 * one GET the second time (creates are capped at 200 a day per guild).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployCommands } from '../../bot/discord/deploy.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { registry } from '../../commands/registry.js';
import type { FakeDiscord } from '../fakes/fakeDiscord.js';
import { startArgs } from '../support/start.js';
import { startRest } from './harness.js';

let fake: FakeDiscord;
let rest: REST;
const APP = '1200000000000000001';
const GUILD = '1200000000000000100';
const writes = () => fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

let close: () => Promise<void>;
beforeEach(async () => {
  ({ fake, rest, close } = await startRest());
});
afterEach(() => close());

describe('deployCommands', () => {
  it('GIVEN no commands WHEN deployed globally THEN one PUT registers the whole registry; a second run sends nothing', async () => {
    const first = await deployCommands({ rest, applicationId: APP, registry, logger: createMemoryLogger() });
    expect(first).toEqual({ created: registry.length, updated: 0, deleted: 0, unchanged: 0 });
    expect(writes()).toEqual([`PUT /applications/${APP}/commands`]);
    expect(fake.commands.list().map((c) => c.name)).toEqual(registry.map((c) => c.name));

    fake.requests.length = 0;
    const second = await deployCommands({ rest, applicationId: APP, registry, logger: createMemoryLogger() });
    expect(second, 'what Discord stores (ids, false flags left out) must compare equal').toEqual({ created: 0, updated: 0, deleted: 0, unchanged: registry.length });
    expect(writes(), 'nothing changed, nothing sent').toEqual([]);
    expect(fake.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('GIVEN a guild with one stale and one obsolete command WHEN deployed to it THEN one PATCH, one DELETE, POSTs for the missing ones', async () => {
    const [basis, brief] = registry;
    fake.commands.handle('PUT', GUILD, null, [
      { name: basis!.name, description: 'an older description', options: [] },
      { name: 'price', description: 'removed command', options: [] },
    ]);
    const staleId = fake.commands.list(GUILD)[0]!.id;
    const obsoleteId = fake.commands.list(GUILD)[1]!.id;

    const report = await deployCommands({ rest, applicationId: APP, guildId: GUILD, registry, logger: createMemoryLogger() });

    expect(report).toEqual({ created: registry.length - 1, updated: 1, deleted: 1, unchanged: 0 });
    const path = `/applications/${APP}/guilds/${GUILD}/commands`;
    expect(writes()).toEqual([
      ...registry.slice(1).map(() => `POST ${path}`),
      `PATCH ${path}/${staleId}`,
      `DELETE ${path}/${obsoleteId}`,
    ]);
    expect(fake.commands.list(GUILD).map((c) => c.name).sort()).toEqual(registry.map((c) => c.name).sort());
    expect(fake.commands.list().length, 'a guild deployment leaves global commands alone').toBe(0);
    expect(brief, 'the registry has at least two commands').toBeDefined();
  });

  it('a command whose options changed is PATCHed alone', async () => {
    await deployCommands({ rest, applicationId: APP, registry, logger: createMemoryLogger() });
    fake.requests.length = 0;
    const changed = registry.map((c) => (c.name === 'basis' ? { ...c, description: 'Basis, funding, OI — now' } : c));
    const report = await deployCommands({ rest, applicationId: APP, registry: changed, logger: createMemoryLogger() });
    expect(report.updated).toBe(1);
    const basisId = fake.commands.list().find((c) => c.name === 'basis')!.id;
    expect(writes()).toEqual([`PATCH /applications/${APP}/commands/${basisId}`]);
    expect(fake.requests.at(-1)!.json.description).toBe('Basis, funding, OI — now');
  });

  it('`npm run deploy-commands` deploys to DISCORD_GUILD_ID on DISCORD_API_BASE and prints the counts', async () => {
    fake.botToken = 'script-token-1234';
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: 'script-token-1234',
      DISCORD_APPLICATION_ID: APP,
      DISCORD_GUILD_ID: GUILD,
      DISCORD_API_BASE: fake.apiBase,
    };
    const run = promisify(execFile);
    const { stdout, stderr } = await run(process.execPath, startArgs('--entry', 'bot/discord/deploy'), { env, timeout: 15_000 });
    expect(stdout.trim()).toBe(`deploy-commands: ${registry.length} created, 0 updated, 0 deleted, 0 unchanged`);
    expect(fake.commands.list(GUILD).length).toBe(registry.length);
    expect(stdout + stderr, 'the token never reaches the output').not.toContain('script-token-1234');
  });
});
