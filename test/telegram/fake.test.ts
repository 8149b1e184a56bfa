/**
 * The fake Bot API keeps Telegram's contract where the adapter depends on it — otherwise a green
 * adapter suite would prove nothing. Exercised with telegraf's own client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Telegram, TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import { FakeTelegram } from '../fakes/fakeTelegram.js';

let fake: FakeTelegram;
let telegram: Telegram;

beforeAll(async () => {
  // A long poll far longer than any test: an answer before it proves the wake-up on arrival.
  fake = await FakeTelegram.start({ pollTimeoutMs: 60_000 });
  telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
});
afterAll(async () => {
  await fake.close();
});

const poll = (offset: number, timeout = 0) => telegram.callApi('getUpdates', { offset, timeout }) as Promise<Update[]>;

describe('FakeTelegram', () => {
  it('answers 401 Unauthorized to a wrong token, as Telegram does', async () => {
    const wrong = new Telegram('111111:WrongWrongWrongWrongWrong', { apiRoot: fake.apiRoot });
    const err = await wrong.getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelegramError);
    expect((err as TelegramError).code).toBe(401);
  });

  it('marks a leading command with a bot_command entity covering /cmd@botname', async () => {
    const id = fake.postText({ chat: { id: 1, type: 'private' }, from: { id: 1, first_name: 'A' }, text: '/brief@basisbot_test_bot ETH' });
    const [update] = await poll(id);
    const msg = update && 'message' in update ? update.message : null;
    expect(msg && 'entities' in msg ? msg.entities : null).toEqual([{ type: 'bot_command', offset: 0, length: 24 }]);
  });

  it('honours offset: a confirmed update is never delivered again', async () => {
    const a = fake.postText({ chat: { id: 2, type: 'private' }, text: 'one' });
    const b = fake.postText({ chat: { id: 2, type: 'private' }, text: 'two' });
    expect((await poll(a)).map((u) => u.update_id)).toEqual([a, b]);
    expect((await poll(b)).map((u) => u.update_id), 'offset b confirms a').toEqual([b]);
    expect((await poll(0)).map((u) => u.update_id), 'a is gone even when asked from 0').toEqual([b]);
  });

  it('holds a long poll open and answers as soon as an update arrives', async () => {
    const next = fake.postText({ chat: { id: 3, type: 'private' }, text: 'x' });
    await poll(next + 1); // confirm everything so far
    const waiting = poll(next + 1, 50);
    await fake.waitFor((c) => c.method === 'getUpdates' && Number(c.params['offset']) === next + 1 && c.params['timeout'] === 50, 'the long poll');
    const id = fake.postText({ chat: { id: 3, type: 'private' }, text: 'late' });
    expect((await waiting).map((u) => u.update_id)).toEqual([id]);
  });

  it('replays a scripted failure once, then answers normally', async () => {
    fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    const err = (await telegram.sendMessage(4, 'hi').catch((e: unknown) => e)) as TelegramError;
    expect([err.code, err.parameters?.retry_after]).toEqual([429, 3]);
    await expect(telegram.sendMessage(4, 'hi')).resolves.toMatchObject({ text: 'hi' });
  });
});
