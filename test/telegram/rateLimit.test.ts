/**
 * The per-user rate limit as a Telegram user meets it: the real telegraf adapter against the fake
 * Bot API, the clock moved by hand. Keyed by the sender: the user, or the sender chat when there is one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramAdapter } from '../../bot/telegram/client.js';
import { createCommandRateLimiter } from '../../commands/rateLimit.js';
import { FakeTelegram, type ChatSpec, type CommandSpec } from '../fakes/fakeTelegram.js';
import { parseTelegramHtml } from '../fakes/telegram/html.js';
import { startTelegram, type RunningTelegram, type TestDeps } from './harness.js';

const GROUP: ChatSpec = { id: -1001700000000202, type: 'supergroup', title: 'Desk' };
const MIA = { id: 700101, first_name: 'Mia' };
const ADA = { id: 700102, first_name: 'Ada' };
const GROUP_ANONYMOUS_BOT = { id: 1087968824, first_name: 'Group', username: 'GroupAnonymousBot' };

let fake: FakeTelegram;
let adapter: TelegramAdapter;
let deps: TestDeps;

let running: RunningTelegram;
beforeAll(async () => {
  running = await startTelegram({ prepare: (_fake, d) => void (d.rateLimit = createCommandRateLimiter(2)) });
  ({ fake, deps, adapter } = running);
});

afterAll(() => running.stop());

/** Sends the messages one after another and returns the visible text of every message the bot sent. */
async function send(...specs: CommandSpec[]): Promise<string[]> {
  const mark = fake.calls.length;
  for (const spec of specs) await fake.handled(fake.postText(spec));
  return fake.calls
    .slice(mark)
    .filter((c) => c.method === 'sendMessage')
    .map((c) => parseTelegramHtml(String(c.params['text'])));
}

describe('a Telegram user over COMMAND_RATE_PER_MINUTE', () => {
  it('GIVEN 2 a minute WHEN Mia sends /help 5 times THEN 2 answers and one notice are sent, then nothing; Ada is still answered', async () => {
    const sent = await send(...Array.from({ length: 5 }, () => ({ chat: GROUP, from: MIA, text: '/help' })));
    expect(sent.map((t) => t.split('\n')[0])).toEqual(['basisbot — commands', 'basisbot — commands', '⚠️ Slow down']);
    expect(sent[2]).toContain('I will answer you again in 60 s; until then I stay quiet.');
    expect(await send({ chat: GROUP, from: ADA, text: '/help' }), 'the limit is per user, not per chat').toHaveLength(1);
  });

  it('answers Mia again once her minute is over', async () => {
    deps.clock.advance(60_000);
    expect(await send({ chat: GROUP, from: MIA, text: '/settings' })).toHaveLength(1);
  });

  it('counts anonymous admins by the chat they write as, not by the shared GroupAnonymousBot account', async () => {
    deps.clock.advance(60_000);
    const other: ChatSpec = { id: -1001700000000303, type: 'supergroup', title: 'Other desk' };
    const asGroup = (chat: ChatSpec): CommandSpec => ({ chat, from: GROUP_ANONYMOUS_BOT, senderChat: chat, text: '/help' });
    const sent = await send(asGroup(GROUP), asGroup(GROUP), asGroup(other), asGroup(other));
    expect(sent, 'two groups, two allowances').toHaveLength(4);
    expect(sent.some((t) => t.includes('Slow down'))).toBe(false);
  });
});
