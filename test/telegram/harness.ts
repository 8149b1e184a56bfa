/**
 * A running Telegram adapter (the real telegraf) on the fake Bot API, with the test dependencies:
 * fixture market, memory store, settable clock. Pacing runs at 100× Telegram's speed — the pacer has
 * its own tests; here a reply need not wait a second.
 */
import { createTelegramAdapter, type TelegramAdapter } from '../../bot/telegram/client.js';
import { scaledLimits } from '../../bot/telegram/pacer.js';
import { registry as allCommands } from '../../commands/registry.js';
import type { Command } from '../../commands/types.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';
import { createTestDeps } from '../support/app.js';

export type TestDeps = Awaited<ReturnType<typeof createTestDeps>>;

export interface RunningTelegram {
  fake: FakeTelegram;
  deps: TestDeps;
  adapter: TelegramAdapter;
  stop(): Promise<void>;
}

export async function startTelegram(
  opts: { now?: string; registry?: readonly Command<any>[]; prepare?: (fake: FakeTelegram, deps: TestDeps) => void } = {},
): Promise<RunningTelegram> {
  const fake = await FakeTelegram.start();
  const deps = await createTestDeps(opts.now ? { now: opts.now } : {});
  opts.prepare?.(fake, deps);
  const adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, registry: opts.registry ?? allCommands, deps, logger: deps.logger, limits: scaledLimits(100) });
  await adapter.start();
  return {
    fake,
    deps,
    adapter,
    async stop() {
      await adapter.stop();
      await fake.close();
    },
  };
}
