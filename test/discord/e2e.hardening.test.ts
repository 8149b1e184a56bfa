/**
 * Hardening on Discord, end to end (the real discord.js against the fake Discord): options are read
 * by name and type, arguments are refused before anything is deferred or fetched, and a user over
 * the rate limit gets one ephemeral notice, then acknowledgements that leave nothing on screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRateLimiter } from '../../commands/rateLimit.js';
import type { Market } from '../../core/ports.js';
import { PERMISSIONS } from '../fakes/fakeDiscord.js';
import { startDiscord, type Running } from './harness.js';

const EPHEMERAL = 1 << 6;
const calls = (bot: Running) => (bot.deps.market as Market & { calls: { snapshot: number; history: number } }).calls;

let bot: Running;
beforeAll(async () => {
  bot = await startDiscord();
});
afterAll(async () => {
  await bot?.stop();
});

const channel = () => ({ platform: 'discord' as const, chatId: bot.fake.ids.channelId });
const subscribe = (options: Record<string, string>) =>
  bot.command({ command: 'subscribe', subcommand: 'brief', options, permissions: PERMISSIONS.manageChannels });

describe('options are read by name and type', () => {
  it('a timezone without a slash in the timezone option is a timezone: EST', async () => {
    await subscribe({ time: '07:30', timezone: 'EST' });
    expect((await bot.deps.store.subscriptions.chatSettings(channel())).brief).toMatchObject({ time: '07:30', timezone: 'EST', assets: ['BTC'] });
  });

  it('UTC and Asia/Tokyo alike; assets may be separated by spaces or commas', async () => {
    await subscribe({ timezone: 'UTC', assets: 'eth, btc' });
    expect((await bot.deps.store.subscriptions.chatSettings(channel())).brief).toMatchObject({ time: '08:00', timezone: 'UTC', assets: ['ETH', 'BTC'] });
    await subscribe({ assets: 'BTC', timezone: 'asia/tokyo' });
    expect((await bot.deps.store.subscriptions.chatSettings(channel())).brief).toMatchObject({ timezone: 'Asia/Tokyo', assets: ['BTC'] });
  });

  it('a zone typed into the time option is refused as a time, at once and only to the caller; nothing changes', async () => {
    const before = (await bot.deps.store.subscriptions.chatSettings(channel())).brief;
    const { requests } = await subscribe({ time: 'Europe/Berlin' });
    expect(requests.map((r) => r.json?.type), 'answered directly, nothing deferred').toEqual([4]);
    const data = requests[0]!.json.data;
    expect(data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(data.embeds[0].description).toContain('"Europe/Berlin" is not a time of day');
    expect((await bot.deps.store.subscriptions.chatSettings(channel())).brief, 'the subscription is untouched').toEqual(before);
  });

  it('a zone in the assets option is not an asset, and an unknown zone is not a zone', async () => {
    const asAsset = await subscribe({ assets: 'Europe/Berlin' });
    expect(asAsset.requests[0]!.json.data.embeds[0].description).toContain('"Europe/Berlin" is not an asset symbol');
    const unknown = await subscribe({ timezone: 'Mars/Olympus' });
    expect(unknown.requests[0]!.json.data.embeds[0].description).toContain('"Mars/Olympus" is not a time zone I know');
  });

  it('/alerts reads its kind and level options by name', async () => {
    await bot.command({ command: 'subscribe', subcommand: 'alerts', options: { assets: 'BTC' }, permissions: PERMISSIONS.manageChannels });
    await bot.command({ command: 'alerts', options: { level: 'silent', kind: 'funding' }, permissions: PERMISSIONS.manageChannels });
    expect((await bot.deps.store.subscriptions.chatSettings(channel())).alerts?.levels.funding).toBe('silent');
  });
});

describe('arguments are checked before any I/O', () => {
  it('a 10,000-character asset is refused with a short message, before deferring or reading the market', async () => {
    const before = { ...calls(bot) };
    const { requests } = await bot.command({ command: 'basis', options: { asset: 'A'.repeat(10_000) } });
    expect(requests.map((r) => r.json?.type)).toEqual([4]);
    const description: string = requests[0]!.json.data.embeds[0].description;
    expect(description).toBe('That argument is too long (10,000 characters): each one is at most 64.\n\nExample: /basis');
    expect(calls(bot), 'no snapshot, no history').toEqual(before);
  });

  it('an unknown asset costs a market-list look-up but no quote or history', async () => {
    const before = { ...calls(bot) };
    const { requests } = await bot.command({ command: 'brief', options: { asset: 'XYZ' } });
    expect(requests.find((r) => r.method === 'PATCH')!.json.embeds[0].description).toContain('I don\'t know the asset "XYZ"');
    expect(calls(bot)).toEqual(before);
  });
});

describe('a user over the rate limit', () => {
  it('GIVEN 2 a minute WHEN a user sends /basis 4 times THEN 2 answers, 1 ephemeral notice, then an ephemeral ack deleted at once; 2 market reads', async () => {
    bot.deps.rateLimit = createCommandRateLimiter(2);
    const before = { ...calls(bot) };
    const spammer = '1200000000000000999';
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push((await bot.command({ command: 'basis', userId: spammer })).requests);
    const shape = runs.map((rs) => rs.map((r) => `${r.method} ${r.path.split('/').at(-1)}${r.json?.type ? ` ${r.json.type}/${r.json.data?.flags ?? 0}` : ''}`));
    expect(shape).toEqual([
      ['POST callback 5/0', 'PATCH @original'],
      ['POST callback 5/0', 'PATCH @original'],
      ['POST callback 4/64'],
      ['POST callback 5/64', 'DELETE @original'],
    ]);
    const notice = runs[2]![0]!.json.data.embeds[0];
    expect(notice.title).toBe('Slow down');
    expect(notice.description).toMatch(/^You have sent more than 2 commands in a minute\. I will answer you again in \d+ s; until then I stay quiet\.$/);
    expect(calls(bot).snapshot - before.snapshot, 'the refused commands cost the exchange nothing').toBe(2);
    expect(bot.fake.originals.has(runs[3]![0]!.path.split('/')[3]!), 'nothing is left on screen').toBe(false);

    const other = await bot.command({ command: 'help', userId: '1200000000000000998' });
    expect(other.requests[0]!.json.data.embeds[0].title, 'another user is answered as usual').toBe('basisbot — commands');
    bot.deps.clock.advance(60_000);
    const again = await bot.command({ command: 'help', userId: spammer });
    expect(again.requests[0]!.json.data.embeds[0].title, 'answered again after the minute').toBe('basisbot — commands');
    delete bot.deps.rateLimit;
  });
});
