/**
 * End to end: the real telegraf adapter polls the fake Bot API on 127.0.0.1, the real commands
 * run on the fixture market, and we read what reached the wire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../bot/telegram/client.js';
import { registry } from '../../commands/registry.js';
import { parseTelegramHtml } from '../fakes/telegram/html.js';
import { FakeTelegram, type ChatSpec, type CommandSpec, type RecordedCall } from '../fakes/fakeTelegram.js';
import { startTelegram, type RunningTelegram, type TestDeps } from './harness.js';

const PRIVATE: ChatSpec = { id: 424242, type: 'private' };
const GROUP: ChatSpec = { id: -1001700000000001, type: 'supergroup', title: 'Basis traders' };
const CHANNEL: ChatSpec = { id: -1001700000000002, type: 'channel', title: 'Basis notes' };
const ALICE = { id: 424242, first_name: 'Alice' };
const BOB = { id: 515151, first_name: 'Bob' };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let fake: FakeTelegram;
let adapter: TelegramAdapter;
let deps: TestDeps;

let running: RunningTelegram;
beforeAll(async () => {
  running = await startTelegram();
  ({ fake, deps, adapter } = running);
});

afterAll(() => running.stop());

/** Post a message, wait until the bot has finished with it, return what it sent to that chat. */
async function converse(spec: CommandSpec): Promise<RecordedCall[]> {
  const mark = fake.calls.length;
  const id = fake.postText(spec);
  await fake.handled(id);
  return fake.calls.slice(mark).filter((c) => (c.method === 'sendMessage' || c.method === 'sendPhoto') && String(c.params['chat_id']) === String(spec.chat.id));
}

const shown = (c: RecordedCall) => parseTelegramHtml(String(c.params[c.method === 'sendPhoto' ? 'caption' : 'text'] ?? ''));
const allText = (calls: RecordedCall[]) => calls.map(shown).join('\n');

describe('start', () => {
  it('publishes the registry as the command menu, within Telegram limits', () => {
    const [call] = fake.callsTo('setMyCommands');
    const commands = call?.params['commands'] as { command: string; description: string }[];
    expect(commands.map((c) => c.command), 'every registry command, in the registry’s order').toEqual(['basis', 'brief', 'track', 'subscribe', 'unsubscribe', 'alerts', 'settings', 'help', 'start']);
    for (const c of commands) {
      expect(c.description, `the description of /${c.command} is the registry's`).toBe(registry.find((r) => r.name === c.command)?.description);
      expect(c.description.length).toBeLessThanOrEqual(256);
    }
  });

  it('refuses a bad token without showing it', async () => {
    const bad = createTelegramAdapter({ token: '987654321:AAWrongTokenWrongTokenWrongToken', apiRoot: fake.apiRoot, registry, deps, logger: deps.logger });
    const err = await bad.start().then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/401/);
    expect(err?.message, 'the token must never reach a log line').not.toContain('AAWrongToken');
  });
});

describe('market commands', () => {
  it('/basis in a private chat answers with the chart and the note', async () => {
    const sent = await converse({ chat: PRIVATE, from: ALICE, text: '/basis' });
    const [photo, ...rest] = sent;
    expect(photo?.method, 'the chart comes first, as an uploaded photo').toBe('sendPhoto');
    expect(photo?.files['photo']?.bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'a PNG was uploaded').toBe(true);
    expect(shown(photo!), 'the caption opens with the title').toMatch(/^\S+ BTC basis · (Bullish|Neutral|Bearish)/);
    expect(allText(sent), 'the numbers and the source are in the answer').toMatch(/Spot: [\d,.]+ USDT/);
    expect(allText(sent)).toContain('Venue: binance');
    expect(rest.every((c) => c.method === 'sendMessage')).toBe(true);
  });

  it('/brief@botname in a group answers with the full note and the chart', async () => {
    const sent = await converse({ chat: GROUP, from: BOB, text: `/brief@${fake.botUsername} BTC` });
    expect(sent[0]?.method).toBe('sendPhoto');
    expect(allText(sent), 'the note says what would change the view').toMatch(/Bullish|Neutral|Bearish/);
    expect(allText(sent)).toContain('Most similar past days');
  });

  it('sends the same chart again by file_id, not by a second upload', async () => {
    const sent = await converse({ chat: PRIVATE, from: ALICE, text: '/basis' });
    expect(sent[0]?.files['photo'], 'no bytes travel the second time').toBeUndefined();
    expect(String(sent[0]?.params['photo'])).toMatch(/^AgACAgFake/);
  });

  it('an unknown asset is answered with the assets that exist', async () => {
    const sent = await converse({ chat: PRIVATE, from: ALICE, text: '/basis DOGE' });
    expect(allText(sent)).toContain("I don't know the asset \"DOGE\"");
    expect(allText(sent)).toContain('BTC');
  });

  it('malformed arguments are answered with what is wrong and an example', async () => {
    const sent = await converse({ chat: PRIVATE, from: ALICE, text: '/subscribe brief 25:99' });
    expect(allText(sent)).toContain('Example: /subscribe brief 07:30 Europe/Berlin BTC ETH');
  });

  it('a command for another bot in the group is left alone', async () => {
    const sent = await converse({ chat: GROUP, from: BOB, text: '/basis@some_other_bot' });
    expect(sent, 'no answer to a command addressed elsewhere').toEqual([]);
  });
});

describe('help and start everywhere', () => {
  for (const [where, chat, from] of [
    ['a private chat', PRIVATE, ALICE],
    ['a group', GROUP, BOB],
    ['a channel', CHANNEL, undefined],
  ] as const) {
    it(`/start and /help answer in ${where}`, async () => {
      const start = await converse({ chat, ...(from ? { from } : {}), text: '/start' });
      expect(allText(start)).toContain('Welcome to basisbot');
      const help = await converse({ chat, ...(from ? { from } : {}), text: '/help' });
      expect(allText(help)).toContain('/subscribe');
    });
  }
});
