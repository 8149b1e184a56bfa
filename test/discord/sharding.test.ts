/**
 * DISCORD_SHARDS through discord.js's own sharding, against the fake gateway: every shard
 * identifies with its [id, count], the bot is ready when all are, and a guild's slash command
 * reaches the one shard that owns the guild — answered once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../bot/discord/client.js';
import { registry } from '../../commands/registry.js';
import { FakeDiscord } from '../fakes/fakeDiscord.js';
import { createTestDeps } from '../support/app.js';
import { BOT_TOKEN } from './harness.js';

let fake: FakeDiscord | null = null;
let adapter: DiscordAdapter | null = null;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  adapter = fake = null;
});

async function start(shards: 'auto' | number) {
  fake = await FakeDiscord.start();
  const deps = await createTestDeps();
  adapter = createDiscordAdapter({ token: BOT_TOKEN, apiBase: fake.apiBase, registry, deps, logger: deps.logger, shards });
  return { fake, adapter };
}

const identified = (f: FakeDiscord) => f.gateway.connections.flatMap((c) => (c.identify ? [c.identify['shard']] : [])).sort();

describe('DISCORD_SHARDS', () => {
  it('a number runs that many shards in this process, each identifying as [id, count]', async () => {
    const { fake, adapter } = await start(2);
    await adapter.start();
    expect(identified(fake), 'both shards of two').toEqual([[0, 2], [1, 2]]);
    expect(adapter.health().ok, 'ready once every shard is').toBe(true);

    const payload = fake.sendCommand({ command: 'help' });
    await fake.waitFor((r) => r.path.includes(payload.token) && r.path.endsWith('/callback'));
    await new Promise((r) => setTimeout(r, 100)); // a second shard answering would have by now
    const callbacks = fake.requests.filter((r) => r.path.includes(payload.token) && r.path.endsWith('/callback'));
    expect(callbacks.map((c) => c.status), 'the owning shard answers, once').toEqual([204]);
  });

  it('auto follows the count Discord recommends', async () => {
    const { fake, adapter } = await start('auto');
    fake.recommendedShards = 3;
    await adapter.start();
    expect(identified(fake)).toEqual([[0, 3], [1, 3], [2, 3]]);
  });
});
