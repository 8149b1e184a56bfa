/**
 * The Telegram messenger against the fake Bot API, through the real telegraf client: what it
 * sends on the wire, and how each Telegram failure becomes a SendOutcome.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Telegram } from 'telegraf';
import { createMemoryLogger } from '../../bot/logger.js';
import { createTelegramMessenger } from '../../bot/telegram/messenger.js';
import type { Reply } from '../../commands/reply.js';
import type { Destination } from '../../core/ports.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';

// A supergroup id near the top of the 52-bit range: it must survive as an exact decimal string.
const GROUP: Destination = { platform: 'telegram', chatId: '-1004503599627370' };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const note: Reply = { title: 'BTC brief', tone: 'neutral', paragraphs: ['Basis steady near 6% annualized.'], fields: [] };
const withChart: Reply = { ...note, image: { png: PNG, filename: 'btc-basis.png', alt: 'chart', cacheKey: 'btc-basis-2025-10-06' } };

let fake: FakeTelegram;
let logger: ReturnType<typeof createMemoryLogger>;
let messenger: ReturnType<typeof createTelegramMessenger>;

beforeAll(async () => {
  fake = await FakeTelegram.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.calls.length = 0;
  logger = createMemoryLogger();
  messenger = createTelegramMessenger(new Telegram(fake.token, { apiRoot: fake.apiRoot }), { logger });
});

describe('sending', () => {
  it('sends text as HTML to the exact chat id', async () => {
    const outcome = await messenger.send(GROUP, note);
    expect(outcome).toEqual({ ok: true });
    const [call] = fake.callsTo('sendMessage');
    expect(call?.params['chat_id'], 'a 52-bit id must not be rounded').toBe('-1004503599627370');
    expect(call?.params['parse_mode']).toBe('HTML');
    expect(call?.params['text']).toBe('🟡 <b>BTC brief</b>\n\nBasis steady near 6% annualized.');
  });

  it('uploads a chart once, then re-sends it by the file_id Telegram returned', async () => {
    expect(await messenger.send(GROUP, withChart)).toEqual({ ok: true });
    expect(await messenger.send(GROUP, withChart)).toEqual({ ok: true });
    const [first, second] = fake.callsTo('sendPhoto');
    expect(first?.files['photo']?.bytes.equals(Buffer.from(PNG)), 'the first send is a multipart upload of the PNG').toBe(true);
    expect(first?.files['photo']?.filename).toBe('btc-basis.png');
    expect(second?.files['photo'], 'the second send uploads nothing').toBeUndefined();
    expect(second?.params['photo'], 'it names the file_id of the first upload').toMatch(/^AgACAgFake\d+$/);
    expect(second?.params['caption']).toBe(first?.params['caption']);
  });

  it('uploads again when Telegram no longer knows a remembered file_id', async () => {
    await messenger.send(GROUP, withChart);
    fake.failNext('sendPhoto', { code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    expect(await messenger.send(GROUP, withChart)).toEqual({ ok: true });
    const photos = fake.callsTo('sendPhoto');
    expect(photos.map((c) => c.answered)).toEqual(['ok', 400, 'ok']);
    expect(photos[2]?.files['photo'], 'the retry is a fresh upload').toBeDefined();
  });

  it('sends the photo first, then the text that did not fit the caption', async () => {
    const long: Reply = { ...withChart, paragraphs: Array.from({ length: 30 }, (_, i) => `Reading ${i}: funding 0.0100% per 8h, open interest steady.`) };
    expect(await messenger.send(GROUP, long)).toEqual({ ok: true });
    expect(fake.calls.map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage']);
  });
});

describe('failure outcomes', () => {
  const cases: { name: string; failure: Parameters<FakeTelegram['failNext']>[1]; expected: unknown }[] = [
    { name: '403 blocked by the user → gone', failure: { code: 403, description: 'Forbidden: bot was blocked by the user' }, expected: { ok: false, kind: 'gone', detail: '403: Forbidden: bot was blocked by the user' } },
    { name: '403 kicked from the group → gone', failure: { code: 403, description: 'Forbidden: bot was kicked from the group chat' }, expected: { ok: false, kind: 'gone', detail: '403: Forbidden: bot was kicked from the group chat' } },
    { name: '403 user deactivated → gone', failure: { code: 403, description: 'Forbidden: user is deactivated' }, expected: { ok: false, kind: 'gone', detail: '403: Forbidden: user is deactivated' } },
    { name: '400 chat not found → gone', failure: { code: 400, description: 'Bad Request: chat not found' }, expected: { ok: false, kind: 'gone', detail: '400: Bad Request: chat not found' } },
    {
      name: '400 with migrate_to_chat_id → moved to the supergroup',
      failure: { code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: -1004503599627371 } },
      expected: { ok: false, kind: 'moved', detail: '400: Bad Request: group chat was upgraded to a supergroup chat', movedTo: { platform: 'telegram', chatId: '-1004503599627371' } },
    },
    { name: '429 → retry after retry_after seconds', failure: { code: 429, description: 'Too Many Requests: retry after 37', parameters: { retry_after: 37 } }, expected: { ok: false, kind: 'retry', detail: '429: Too Many Requests: retry after 37', retryAfterMs: 37_000 } },
    { name: '502 → retry', failure: { code: 502, description: 'Bad Gateway' }, expected: { ok: false, kind: 'retry', detail: '502: Bad Gateway' } },
    { name: "400 can't parse entities → failed (our bug, never retried)", failure: { code: 400, description: "Bad Request: can't parse entities: unsupported start tag" }, expected: { ok: false, kind: 'failed', detail: "400: Bad Request: can't parse entities: unsupported start tag" } },
    { name: '400 message is too long → failed', failure: { code: 400, description: 'Bad Request: message is too long' }, expected: { ok: false, kind: 'failed', detail: '400: Bad Request: message is too long' } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      fake.failNext('sendMessage', c.failure);
      expect(await messenger.send(GROUP, note)).toEqual(c.expected);
    });
  }

  it('a dropped connection (no answer at all) → retry, with no token in the detail', async () => {
    fake.failNext('sendMessage', { drop: true });
    const outcome = await messenger.send(GROUP, note);
    expect(outcome.ok === false && outcome.kind, 'the message may or may not have arrived').toBe('retry');
    expect(JSON.stringify(outcome), 'the token is in the URL node-fetch reports; it must not leak').not.toContain(fake.token.split(':')[1]);
    expect(JSON.stringify(logger.entries)).not.toContain(fake.token.split(':')[1]);
  });

  it('a failure of the photo stops the reply there: the text is not sent without its chart', async () => {
    fake.failNext('sendPhoto', { code: 429, description: 'Too Many Requests: retry after 5', parameters: { retry_after: 5 } });
    const outcome = await messenger.send(GROUP, withChart);
    expect(outcome).toMatchObject({ ok: false, kind: 'retry', retryAfterMs: 5000 });
    expect(fake.callsTo('sendMessage'), 'nothing after the failed part').toHaveLength(0);
  });

  it('the fake itself refuses what Telegram refuses: malformed HTML is a 400', async () => {
    // Proves the fake checks payloads, so the green sends above mean Telegram would accept them.
    const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
    await expect(telegram.sendMessage(GROUP.chatId, '<b>open', { parse_mode: 'HTML' })).rejects.toThrow(/400: Bad Request: can't parse entities/i);
  });
});
