/**
 * The Messenger over the real @discordjs/rest, against the fake Discord on 127.0.0.1: what it
 * posts, and how each Discord failure becomes an outcome the outbox sender can act on.
 */
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordMessenger, deliveryNonce, SUPPRESS_NOTIFICATIONS } from '../../bot/discord/messenger.js';
import { createMemoryLogger } from '../../bot/logger.js';
import type { Reply } from '../../commands/reply.js';
import type { Destination } from '../../core/ports.js';
import { FakeDiscord } from '../fakes/fakeDiscord.js';
import { restOptions } from '../../bot/discord/rest.js';
import { startRest } from './harness.js';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const brief: Reply = {
  title: 'BTC: basis cooling',
  tone: 'neutral',
  paragraphs: ['Basis 4.1% annualized. @everyone'],
  fields: [],
  image: { png, filename: 'btc-basis.png', alt: 'BTC basis chart' },
};

let fake: FakeDiscord;
let rest: REST;
const messenger = () => createDiscordMessenger({ rest, logger: createMemoryLogger() });
const channel = (id: string): Destination => ({ platform: 'discord', chatId: id });

let close: () => Promise<void>;
beforeAll(async () => {
  ({ fake, rest, close } = await startRest());
});
afterAll(() => close());

const lastIn = (id: string) => fake.channelMessages.filter((m) => m.channelId === id).at(-1);

describe('Discord messenger', () => {
  it('posts the embed with the chart as a multipart attachment, no mentions, and an enforced nonce', async () => {
    const outcome = await messenger().send(channel('500'), brief);
    expect(outcome, 'one message, with the id Discord gave it').toEqual({ ok: true, partsSent: 1, messageIds: [lastIn('500')!.id] });
    const post = fake.requests.find((r) => r.method === 'POST' && r.path === '/channels/500/messages')!;
    expect(post.authorization, 'the bot token goes in the header, never in the URL').toBe('Bot fake-bot-token');
    expect(post.json.allowed_mentions, 'a data string saying @everyone must not ping').toEqual({ parse: [] });
    expect(post.json.embeds[0].image, 'the embed shows the attached chart').toEqual({ url: 'attachment://btc-basis.png' });
    expect(post.json.attachments, 'the attachment is declared with its alt text').toEqual([{ id: 0, filename: 'btc-basis.png', description: 'BTC basis chart' }]);
    expect(post.files, 'the PNG travels as a multipart file').toEqual([{ field: 'files[0]', name: 'btc-basis.png', size: png.byteLength, contentType: 'image/png' }]);
    expect([...post.fileBytes.get('files[0]')!], 'byte for byte').toEqual([...png]);
    expect(post.json.nonce, 'without an idempotency key, the nonce comes from channel and content').toBe(deliveryNonce(channel('500'), brief));
    expect(post.json.nonce.length, 'Discord accepts at most 25 characters').toBeLessThanOrEqual(25);
    expect(post.json.enforce_nonce, 'so a repeat is answered with the first message').toBe(true);
    expect(post.json.flags, 'a normal post notifies').toBeUndefined();
  });

  it('a silent post carries SUPPRESS_NOTIFICATIONS (flags 4096)', async () => {
    await messenger().send(channel('510'), brief, { silent: true });
    const post = fake.requests.find((r) => r.method === 'POST' && r.path === '/channels/510/messages')!;
    expect(post.json.flags, 'the silent alert level').toBe(4096);
    expect(SUPPRESS_NOTIFICATIONS, 'the named constant is 1 << 12').toBe(4096);
  });

  it('sending the same delivery again is answered with the first message: one message in the channel', async () => {
    const first = await messenger().send(channel('501'), brief);
    const again = await messenger().send(channel('501'), brief);
    expect(fake.channelMessages.filter((m) => m.channelId === '501').length, 'enforce_nonce deduplicates a retried delivery').toBe(1);
    expect(again.messageIds, 'the repeat names the first message').toEqual(first.messageIds);
  });

  it('the nonce comes from the idempotency key: a re-send of the same outbox row is one message even if re-rendered', async () => {
    const key = 'brief:discord:502:2026-08-01#0';
    const rerendered = { ...brief, paragraphs: ['Basis 4.2% annualized.'] };
    await messenger().send(channel('502'), brief, { idempotencyKey: key });
    await messenger().send(channel('502'), rerendered, { idempotencyKey: key });
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === '/channels/502/messages');
    expect(posts.map((p) => p.json.nonce), 'the same key gives the same nonce, whatever the content').toEqual([deliveryNonce(channel('502'), brief, key), deliveryNonce(channel('502'), brief, key)]);
    expect(fake.channelMessages.filter((m) => m.channelId === '502').length, 'so Discord posts it once').toBe(1);
    await messenger().send(channel('502'), brief, { idempotencyKey: 'brief:discord:502:2026-08-02#0' });
    expect(fake.channelMessages.filter((m) => m.channelId === '502').length, 'another row is another message, even with the same content').toBe(2);
  });

  it('the nonce differs per channel, per content without a key, and per key', () => {
    const other = { ...brief, paragraphs: ['Basis 5.0% annualized.'] };
    expect(deliveryNonce(channel('1'), brief), 'per channel').not.toBe(deliveryNonce(channel('2'), brief));
    expect(deliveryNonce(channel('1'), brief), 'per content').not.toBe(deliveryNonce(channel('1'), other));
    expect(deliveryNonce(channel('1'), brief, 'k1'), 'per key').not.toBe(deliveryNonce(channel('1'), brief, 'k2'));
    expect(deliveryNonce(channel('1'), brief, 'k1'), 'the key replaces the content').toBe(deliveryNonce(channel('1'), other, 'k1'));
    expect(deliveryNonce(channel('1'), brief, 'k1'), 'and still depends on the channel').not.toBe(deliveryNonce(channel('2'), brief, 'k1'));
  });

  it('a reply is one part: parts() says so, and fromPart 1 means it already went out (no request)', async () => {
    const m = messenger();
    expect(m.parts(brief), 'one Discord message per reply').toBe(1);
    const before = fake.requests.length;
    expect(await m.send(channel('503'), brief, { fromPart: 1 }), 'nothing left to send').toMatchObject({ ok: true, partsSent: 1 });
    expect(fake.requests.length, 'no request').toBe(before);
  });

  it('onPart hears of the message with its id; a false answer reports the send as cancelled', async () => {
    const heard: [number, string][] = [];
    const outcome = await messenger().send(channel('504'), brief, { onPart: async (n, id) => (heard.push([n, id]), false) });
    expect(heard, 'told once, with the posted id').toEqual([[1, lastIn('504')!.id]]);
    expect(outcome, 'the caller lost its claim: reported, though the message is out').toMatchObject({ ok: false, kind: 'cancelled', partsSent: 1 });
  });

  const failures: [string, { status: number; code?: number }, string][] = [
    ['403 Missing Access (50001): the bot was removed', { status: 403, code: 50001 }, 'gone'],
    ['403 Missing Permissions (50013)', { status: 403, code: 50013 }, 'gone'],
    ['404 Unknown Channel (10003): the channel was deleted', { status: 404, code: 10003 }, 'gone'],
    ['400 Invalid Form Body (50035): our payload is wrong, never retry it', { status: 400, code: 50035 }, 'failed'],
  ];
  it.each(failures)('%s → %s', async (_why, failure, kind) => {
    const id = String(600 + failures.findIndex((f) => f[1] === failure));
    fake.fail('POST', new RegExp(`^/channels/${id}/messages$`), failure);
    const outcome = await messenger().send(channel(id), brief);
    expect(outcome.ok, 'not delivered').toBe(false);
    expect(!outcome.ok && outcome.kind, 'what the outbox does next').toBe(kind);
    expect([outcome.partsSent, outcome.messageIds], 'nothing went out').toEqual([0, []]);
    expect(!outcome.ok && outcome.detail, 'the detail names the Discord code').toContain(String(failure.code));
  });

  it('5xx that outlasts the REST client retries → retry later', async () => {
    fake.fail('POST', /^\/channels\/700\/messages$/, { status: 500 }, 10);
    const outcome = await messenger().send(channel('700'), brief);
    expect(outcome).toMatchObject({ ok: false, kind: 'retry' });
    expect(fake.requests.filter((r) => r.path === '/channels/700/messages').length, 'the REST client tried 1 + 3 times').toBe(4);
  });

  it('a short 429 is waited out by the REST client and the message lands', async () => {
    fake.fail('POST', /^\/channels\/701\/messages$/, { status: 429, retryAfter: 0.05 });
    expect(await messenger().send(channel('701'), brief), 'delivered after the wait').toMatchObject({ ok: true, partsSent: 1 });
    expect(fake.channelMessages.filter((m) => m.channelId === '701').length, 'once').toBe(1);
  });

  it('a long 429 is reported as retry with the wait, not slept through', async () => {
    fake.fail('POST', /^\/channels\/702\/messages$/, { status: 429, retryAfter: 60 });
    const outcome = await messenger().send(channel('702'), brief);
    expect(outcome).toMatchObject({ ok: false, kind: 'retry' });
    const wait = !outcome.ok && outcome.kind === 'retry' ? outcome.retryAfterMs : undefined;
    expect(wait, 'Retry-After 60 s plus the REST client\'s 50 ms safety offset').toBe(60_050);
  });

  it('a network failure (nothing listening) → retry; the token is not in the detail', async () => {
    const closed = await FakeDiscord.start();
    const base = closed.apiBase;
    await closed.close();
    const deadRest = new REST({ ...restOptions(base), retries: 0, timeout: 2000 }).setToken('secret-token-123');
    const outcome = await createDiscordMessenger({ rest: deadRest, logger: createMemoryLogger() }).send(channel('1'), brief);
    expect(outcome).toMatchObject({ ok: false, kind: 'retry' });
    expect(JSON.stringify(outcome)).not.toContain('secret-token-123');
  });

  it('a Telegram destination is refused without a request', async () => {
    const before = fake.requests.length;
    const outcome = await messenger().send({ platform: 'telegram', chatId: '42' }, brief);
    expect(outcome).toMatchObject({ ok: false, kind: 'failed' });
    expect(fake.requests.length).toBe(before);
  });
});
