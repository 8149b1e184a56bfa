/**
 * The Telegram messenger against the fake Bot API, through the real telegraf client: what it sends
 * on the wire, how each Telegram failure becomes a SendOutcome on the outbox path (`send`, which
 * never waits), and how a command's answer (`reply`) waits out a 429 and retries a 5xx.
 *
 * The pacer runs at 100× Telegram's speed (1 s per chat becomes 10 ms), so the only real waits are
 * the 1-second retry_after the 429 tests ask for.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Telegram } from 'telegraf';
import { createMemoryLogger } from '../../bot/logger.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import { createTelegramMessenger, type TelegramMessengerOptions } from '../../bot/telegram/messenger.js';
import { createTelegramPacer, scaledLimits } from '../../bot/telegram/pacer.js';
import { RETRY } from '../../bot/delivery/policy.js';
import type { Reply } from '../../commands/reply.js';
import type { Destination } from '../../core/ports.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';

// A supergroup id near the top of the 52-bit range: it must survive as an exact decimal string.
const GROUP: Destination = { platform: 'telegram', chatId: '-1004503599627370' };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const note: Reply = { title: 'BTC brief', tone: 'neutral', paragraphs: ['Basis steady near 6% annualized.'], fields: [] };
const withChart: Reply = { ...note, image: { png: PNG, filename: 'btc-basis.png', alt: 'chart', cacheKey: 'btc-basis-2025-10-06' } };
/** Too long for a caption: the chart goes first, then the text as a message. */
const long: Reply = { ...withChart, paragraphs: Array.from({ length: 30 }, (_, i) => `Reading ${i}: funding 0.0100% per 8h, open interest steady.`) };
const MESSAGE_ID = /^\d+$/;

let fake: FakeTelegram;
let logger: ReturnType<typeof createMemoryLogger>;
let messenger: ReturnType<typeof createTelegramMessenger>;
const create = (opts: Partial<TelegramMessengerOptions> = {}) =>
  createTelegramMessenger(new Telegram(fake.token, { apiRoot: fake.apiRoot }), { logger, pacer: createTelegramPacer(scaledLimits(100)), ...opts });

beforeAll(async () => {
  fake = await FakeTelegram.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.calls.length = 0;
  logger = createMemoryLogger();
  messenger = create();
});

describe('sending', () => {
  it('sends text as HTML to the exact chat id, and says which message it became', async () => {
    const outcome = await messenger.send(GROUP, note);
    expect(outcome, 'one part, with the id Telegram gave it').toEqual({ ok: true, partsSent: 1, messageIds: [expect.stringMatching(MESSAGE_ID)] });
    const [call] = fake.callsTo('sendMessage');
    expect(call?.params['chat_id'], 'a 52-bit id must not be rounded').toBe('-1004503599627370');
    expect(call?.params['parse_mode'], 'HTML needs only & < > escaped').toBe('HTML');
    expect(call?.params['text'], 'the rendered note').toBe('🟡 <b>BTC brief</b>\n\nBasis steady near 6% annualized.');
    expect(call?.params['disable_notification'], 'a normal send rings').toBeUndefined();
    expect(fake.ledger.of(GROUP.chatId).accepted.at(-1)?.messageId, 'the id is the one the Bot API answered').toBe(Number(outcome.messageIds[0]));
  });

  it('a silent send asks Telegram not to ring', async () => {
    await messenger.send(GROUP, note, { silent: true });
    expect(fake.callsTo('sendMessage')[0]?.params['disable_notification'], 'silent level').toBe(true);
  });

  it('uploads a chart once, then re-sends it by the file_id Telegram returned', async () => {
    expect((await messenger.send(GROUP, withChart)).ok, 'first send').toBe(true);
    expect((await messenger.send(GROUP, withChart)).ok, 'second send').toBe(true);
    const [first, second] = fake.callsTo('sendPhoto');
    expect(first?.files['photo']?.bytes.equals(Buffer.from(PNG)), 'the first send is a multipart upload of the PNG').toBe(true);
    expect(first?.files['photo']?.filename, 'under its own name').toBe('btc-basis.png');
    expect(second?.files['photo'], 'the second send uploads nothing').toBeUndefined();
    expect(second?.params['photo'], 'it names the file_id of the first upload').toMatch(/^AgACAgFake\d+$/);
    expect(second?.params['caption'], 'with the same caption').toBe(first?.params['caption']);
  });

  it('a file_id kept in the store survives a restart: the new messenger sends by id, uploading nothing', async () => {
    const store = createMemoryStore();
    const media = { get: (k: string) => store.outbox.getMedia('telegram', k), put: (k: string, id: string) => store.outbox.putMedia('telegram', k, id, 0) };
    await create({ media }).send(GROUP, withChart);
    await create({ media }).send(GROUP, withChart);
    const [first, second] = fake.callsTo('sendPhoto');
    expect(first?.files['photo'], 'uploaded once').toBeDefined();
    expect(second?.files['photo'], 'not uploaded again after the restart').toBeUndefined();
    expect(second?.params['photo'], 'sent by the stored id').toBe(await store.outbox.getMedia('telegram', 'btc-basis-2025-10-06'));
  });

  it('uploads again when Telegram no longer knows a remembered file_id', async () => {
    await messenger.send(GROUP, withChart);
    fake.failNext('sendPhoto', { code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    expect((await messenger.send(GROUP, withChart)).ok, 'the stale id is not the caller’s problem').toBe(true);
    const photos = fake.callsTo('sendPhoto');
    expect(photos.map((c) => c.answered), 'upload, refused id, upload').toEqual(['ok', 400, 'ok']);
    expect(photos[2]?.files['photo'], 'the retry is a fresh upload').toBeDefined();
  });

  it('sends the photo first, then the text that did not fit the caption; parts() counts both', async () => {
    expect(messenger.parts(long), 'photo + text').toBe(2);
    const outcome = await messenger.send(GROUP, long);
    expect([outcome.ok, outcome.partsSent, outcome.messageIds.length], 'two messages').toEqual([true, 2, 2]);
    expect(fake.calls.map((c) => c.method), 'in that order').toEqual(['sendPhoto', 'sendMessage']);
  });

  it('fromPart resumes after the parts an earlier attempt sent, counting from the start of the reply', async () => {
    const outcome = await messenger.send(GROUP, long, { fromPart: 1 });
    expect(fake.calls.map((c) => c.method), 'the photo went out before: only the text').toEqual(['sendMessage']);
    expect([outcome.partsSent, outcome.messageIds.length], 'two parts in all, one new id').toEqual([2, 1]);
  });

  it('onPart hears of each part as it goes out, and a false answer stops the reply there', async () => {
    const heard: [number, string][] = [];
    const outcome = await messenger.send(GROUP, long, { onPart: async (n, id) => (heard.push([n, id]), false) });
    expect(heard, 'the photo, with its message id').toEqual([[1, expect.stringMatching(MESSAGE_ID)]]);
    expect(outcome, 'the caller stopped it (its row was cancelled)').toMatchObject({ ok: false, kind: 'cancelled', partsSent: 1 });
    expect(fake.callsTo('sendMessage'), 'the text was not sent').toHaveLength(0);
  });
});

describe('failure outcomes of send (the outbox path)', () => {
  const none = { partsSent: 0, messageIds: [] };
  const cases: { name: string; failure: Parameters<FakeTelegram['failNext']>[1]; expected: unknown }[] = [
    { name: '403 blocked by the user → gone', failure: { code: 403, description: 'Forbidden: bot was blocked by the user' }, expected: { ok: false, kind: 'gone', detail: '403: Forbidden: bot was blocked by the user', ...none } },
    { name: '403 kicked from the group → gone', failure: { code: 403, description: 'Forbidden: bot was kicked from the group chat' }, expected: { ok: false, kind: 'gone', detail: '403: Forbidden: bot was kicked from the group chat', ...none } },
    { name: '403 user deactivated → gone', failure: { code: 403, description: 'Forbidden: user is deactivated' }, expected: { ok: false, kind: 'gone', detail: '403: Forbidden: user is deactivated', ...none } },
    { name: '400 chat not found → gone', failure: { code: 400, description: 'Bad Request: chat not found' }, expected: { ok: false, kind: 'gone', detail: '400: Bad Request: chat not found', ...none } },
    {
      name: '400 with migrate_to_chat_id → moved to the supergroup',
      failure: { code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: -1004503599627371 } },
      expected: { ok: false, kind: 'moved', detail: '400: Bad Request: group chat was upgraded to a supergroup chat', movedTo: { platform: 'telegram', chatId: '-1004503599627371' }, ...none },
    },
    {
      name: '429 → retry after retry_after seconds, returned at once',
      failure: { code: 429, description: 'Too Many Requests: retry after 37', parameters: { retry_after: 37 } },
      expected: { ok: false, kind: 'retry', detail: '429: Too Many Requests: retry after 37', retryAfterMs: 37_000, rateLimited: true, ...none },
    },
    { name: '502 → retry', failure: { code: 502, description: 'Bad Gateway' }, expected: { ok: false, kind: 'retry', detail: '502: Bad Gateway', ...none } },
    { name: "400 can't parse entities → failed (our bug, never retried)", failure: { code: 400, description: "Bad Request: can't parse entities: unsupported start tag" }, expected: { ok: false, kind: 'failed', detail: "400: Bad Request: can't parse entities: unsupported start tag", ...none } },
    { name: '400 message is too long → failed', failure: { code: 400, description: 'Bad Request: message is too long' }, expected: { ok: false, kind: 'failed', detail: '400: Bad Request: message is too long', ...none } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      fake.failNext('sendMessage', c.failure);
      expect(await messenger.send(GROUP, note), 'the outcome the outbox acts on').toEqual(c.expected);
      expect(fake.callsTo('sendMessage'), 'one attempt: retrying is the outbox’s job').toHaveLength(1);
    });
  }

  it('a dropped connection (no answer at all) → retry, with no token in the detail', async () => {
    fake.failNext('sendMessage', { drop: true });
    const outcome = await messenger.send(GROUP, note);
    expect(outcome.ok === false && outcome.kind, 'the message may or may not have arrived').toBe('retry');
    expect(JSON.stringify(outcome), 'the token is in the URL node-fetch reports; it must not leak').not.toContain(fake.token.split(':')[1]);
    expect(JSON.stringify(logger.entries), 'nor into a log line').not.toContain(fake.token.split(':')[1]);
  });

  it('a failure of the photo stops the reply there: the text is not sent without its chart', async () => {
    fake.failNext('sendPhoto', { code: 429, description: 'Too Many Requests: retry after 5', parameters: { retry_after: 5 } });
    const outcome = await messenger.send(GROUP, long);
    expect(outcome, 'nothing went out: a retry starts with the photo').toMatchObject({ ok: false, kind: 'retry', retryAfterMs: 5000, partsSent: 0 });
    expect(fake.callsTo('sendMessage'), 'nothing after the failed part').toHaveLength(0);
  });

  it('a failure after the photo reports the photo as sent, so a retry does not repeat it', async () => {
    fake.failNext('sendMessage', { code: 502, description: 'Bad Gateway' });
    const outcome = await messenger.send(GROUP, long);
    expect(outcome, 'one part out, with its id').toMatchObject({ ok: false, kind: 'retry', partsSent: 1, messageIds: [expect.stringMatching(MESSAGE_ID)] });
  });

  it('the fake itself refuses what Telegram refuses: malformed HTML is a 400', async () => {
    // Proves the fake checks payloads, so the green sends above mean Telegram would accept them.
    const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
    await expect(telegram.sendMessage(GROUP.chatId, '<b>open', { parse_mode: 'HTML' }), 'unclosed tag').rejects.toThrow(/400: Bad Request: can't parse entities/i);
  });
});

describe('reply (a command’s answer)', () => {
  const PRIVATE = '424243';

  it('waits out a 429 (retry_after 1 s) and sends the rest, after the parts already sent', async () => {
    fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const outcome = await messenger.reply(PRIVATE, long);
    expect(outcome, 'the user gets the whole answer').toMatchObject({ ok: true, partsSent: 2 });
    expect(outcome.messageIds, 'both messages').toHaveLength(2);
    expect(fake.calls.map((c) => `${c.method} ${c.answered}`), 'the photo once, the text refused then sent').toEqual(['sendPhoto ok', 'sendMessage 429', 'sendMessage ok']);
    const [photo, text] = fake.ledger.of(PRIVATE).accepted.slice(-2);
    // The pacer would allow the text 10 ms after the photo: only retry_after explains a second.
    expect(text!.at - photo!.at, 'the retry came no sooner than retry_after').toBeGreaterThanOrEqual(990);
  });

  it('retries a 5xx after the policy’s backoff (the injected sleep), then answers', async () => {
    const slept: number[] = [];
    const m = create({ sleep: async (ms) => void slept.push(ms) });
    fake.failNext('sendMessage', { code: 502, description: 'Bad Gateway' });
    const outcome = await m.reply(PRIVATE, note);
    expect(outcome.ok, 'answered on the second attempt').toBe(true);
    expect(slept, 'one backoff, the policy’s first wait with its jitter').toHaveLength(1);
    expect(slept[0]!, 'within ±20% of 2 s').toBeGreaterThanOrEqual(RETRY.baseMs * (1 - RETRY.jitter));
    expect(slept[0]!, 'within ±20% of 2 s').toBeLessThanOrEqual(RETRY.baseMs * (1 + RETRY.jitter));
  });

  it('gives up after the policy’s attempts on a 5xx that does not end, and logs it', async () => {
    const m = create({ sleep: async () => undefined });
    for (let i = 0; i < RETRY.interactiveAttempts; i++) fake.failNext('sendMessage', { code: 502, description: 'Bad Gateway' });
    const outcome = await m.reply(PRIVATE, note);
    expect(outcome, 'reported, not thrown').toMatchObject({ ok: false, kind: 'retry' });
    expect(fake.callsTo('sendMessage'), 'the policy’s number of attempts').toHaveLength(RETRY.interactiveAttempts);
    expect(logger.entries.some((e) => e.level === 'error' && e.fields?.['chat'] === PRIVATE), 'the operator sees it').toBe(true);
  });

  it('does not retry what cannot succeed (gone)', async () => {
    fake.failNext('sendMessage', { code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await messenger.reply(PRIVATE, note), 'the adapter retires the chat on this').toMatchObject({ ok: false, kind: 'gone' });
    expect(fake.callsTo('sendMessage'), 'one attempt').toHaveLength(1);
  });

  it('answers into the forum topic the command came from', async () => {
    await messenger.reply(PRIVATE, note, { threadId: 77 });
    expect(fake.callsTo('sendMessage')[0]?.params['message_thread_id'], 'the topic').toBe(77);
  });
});
