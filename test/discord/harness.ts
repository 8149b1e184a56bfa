/**
 * A running Discord adapter (the real discord.js client) connected to the fake Discord, with the
 * lead's test dependencies: fixture market, memory store, settable clock, real chart renderer.
 */
import { REST } from 'discord.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../bot/discord/client.js';
import { restOptions } from '../../bot/discord/rest.js';
import { registry } from '../../commands/registry.js';
import type { Store } from '../../core/ports.js';
import { FakeDiscord, type RecordedRequest } from '../fakes/fakeDiscord.js';
import type { InteractionSpec } from '../fakes/discord/interactions.js';
import { createTestDeps } from '../support/app.js';

export const BOT_TOKEN = 'MTIwMDAwMDAwMDAwMDAwMDAwMQ.fake.bot-token-for-tests';

export type TestDeps = Awaited<ReturnType<typeof createTestDeps>>;

export interface Running {
  fake: FakeDiscord;
  deps: TestDeps;
  adapter: DiscordAdapter;
  /** Sends a slash command and resolves with its requests once @original is final. */
  command(spec: InteractionSpec): Promise<{ payload: { id: string; token: string }; requests: RecordedRequest[] }>;
  stop(): Promise<void>;
}

export async function startDiscord(opts: { now?: string; store?: Store; fake?: FakeDiscord } = {}): Promise<Running> {
  const fake = opts.fake ?? (await FakeDiscord.start());
  const deps = await createTestDeps({ ...(opts.now ? { now: opts.now } : {}), ...(opts.store ? { store: opts.store } : {}) });
  const adapter = createDiscordAdapter({ token: BOT_TOKEN, apiBase: fake.apiBase, registry, deps, logger: deps.logger });
  await adapter.start();
  return {
    fake,
    deps,
    adapter,
    async command(spec) {
      const payload = fake.sendCommand(spec);
      // A deferred answer (type 5) is final when @original is edited or deleted; an immediate one
      // (type 4: any command without network, and any refusal) with its callback.
      await fake.waitFor(
        (r) => r.path.includes(payload.token) && (r.method === 'PATCH' || r.method === 'DELETE' || (r.path.endsWith('/callback') && r.json?.type === 4)),
      );
      return { payload, requests: fake.requestsFor(payload) };
    },
    async stop() {
      await adapter.stop();
      if (!opts.fake) await fake.close();
    },
  };
}

/** The fake Discord and a bare REST client on it (no gateway): for the messenger and deploy suites. */
export async function startRest(): Promise<{ fake: FakeDiscord; rest: REST; close(): Promise<void> }> {
  const fake = await FakeDiscord.start();
  const rest = new REST(restOptions(fake.apiBase)).setToken('fake-bot-token');
  return {
    fake,
    rest,
    async close() {
      rest.clearHandlerSweeper();
      rest.clearHashSweeper();
      await fake.close();
    },
  };
}
