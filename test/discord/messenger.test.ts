/**
 * The Messenger over the real @discordjs/rest, against the fake Discord on 127.0.0.1: what it
 * posts, and how each Discord failure becomes an outcome the scheduler can act on.
 */
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordMessenger, deliveryNonce } from '../../bot/discord/messenger.js';
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

describe('Discord messenger', () => {
  it('posts the embed with the chart as a multipart attachment, no mentions, and an enforced nonce', async () => {
    const outcome = await messenger().send(channel('500'), brief);
    expect(outcome).toEqual({ ok: true });
    const post = fake.requests.find((r) => r.method === 'POST' && r.path === '/channels/500/messages')!;
    expect(post.authorization, 'the bot token goes in the header, never in the URL').toBe('Bot fake-bot-token');
    expect(post.json.allowed_mentions, 'a data string saying @everyone must not ping').toEqual({ parse: [] });
    expect(post.json.embeds[0].image).toEqual({ url: 'attachment://btc-basis.png' });
    expect(post.json.attachments).toEqual([{ id: 0, filename: 'btc-basis.png', description: 'BTC basis chart' }]);
    expect(post.files).toEqual([{ field: 'files[0]', name: 'btc-basis.png', size: png.byteLength, contentType: 'image/png' }]);
    expect([...post.fileBytes.get('files[0]')!]).toEqual([...png]);
    expect(post.json.nonce).toBe(deliveryNonce(channel('500'), brief));
    expect(post.json.nonce.length, 'Discord accepts at most 25 characters').toBeLessThanOrEqual(25);
    expect(post.json.enforce_nonce).toBe(true);
  });

  it('sending the same delivery again is answered with the first message: one message in the channel', async () => {
    await messenger().send(channel('501'), brief);
    await messenger().send(channel('501'), brief);
    expect(fake.channelMessages.filter((m) => m.channelId === '501').length, 'enforce_nonce deduplicates a retried delivery').toBe(1);
  });

  it('the nonce differs per channel and per content', () => {
    const other = { ...brief, paragraphs: ['Basis 5.0% annualized.'] };
    expect(deliveryNonce(channel('1'), brief)).not.toBe(deliveryNonce(channel('2'), brief));
    expect(deliveryNonce(channel('1'), brief)).not.toBe(deliveryNonce(channel('1'), other));
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
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.kind).toBe(kind);
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
    expect(await messenger().send(channel('701'), brief)).toEqual({ ok: true });
    expect(fake.channelMessages.filter((m) => m.channelId === '701').length).toBe(1);
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
