/**
 * The fake Discord's limits, faults and ledger, exercised with @discordjs/rest itself: its queue
 * must be able to pace itself on the fake's headers alone, and a client that ignores them must be
 * caught. Windows are scaled down so a 5-second bucket costs a quarter of a second.
 */
import { DiscordAPIError, REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord, SUPPRESS_NOTIFICATIONS, type FakeDiscordOptions } from './fakeDiscord.js';

const TOKEN = 'fake-bot-token';
const open: { fake: FakeDiscord; rest: REST }[] = [];
async function start(opts: FakeDiscordOptions = {}): Promise<{ fake: FakeDiscord; rest: REST }> {
  const fake = await FakeDiscord.start(undefined, opts);
  const rest = new REST({ api: fake.apiBase, globalRequestsPerSecond: fake.limits?.global.limit ?? 50 }).setToken(TOKEN);
  open.push({ fake, rest });
  return { fake, rest };
}
afterEach(async () => {
  for (const { fake, rest } of open.splice(0)) {
    rest.clearHandlerSweeper();
    rest.clearHashSweeper();
    await fake.close();
  }
});

/** A client that ignores every header: one POST, as fetch sees it. */
const rawPost = (fake: FakeDiscord, channel: string, body: object) =>
  fetch(`${fake.apiBase}/v10/channels/${channel}/messages`, {
    method: 'POST',
    headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('limits', () => {
  it("discord.js's REST queue paces 20 messages to one channel on the headers alone: no violation", async () => {
    const { fake, rest } = await start({ limits: { factor: 20 } });
    await Promise.all(Array.from({ length: 20 }, (_, i) => rest.post('/channels/900/messages', { body: { content: `m${i}` } })));
    expect(fake.ledger.totals.violations.total, 'every request inside the announced bucket').toBe(0);
    expect(fake.ledger.channel('900').accepted.map((m) => m.content)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    const times = fake.ledger.channel('900').accepted.map((m) => m.at);
    expect(times[19]! - times[0]!, 'three bucket resets of 250 ms in between').toBeGreaterThanOrEqual(3 * 250);
  });

  it('a client ignoring the headers gets 429 on the 6th message in the window, with the bucket headers', async () => {
    const { fake } = await start({ limits: { factor: 20 } });
    const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => rawPost(fake, '901', { content: `m${i}` })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = answers.find((a) => a.status === 429)!;
    expect(limited.headers.get('x-ratelimit-limit')).toBe('5');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(0.25);
    expect(Number(limited.headers.get('x-ratelimit-reset-after'))).toBeLessThanOrEqual(0.25);
    expect(limited.headers.get('x-ratelimit-bucket')).toBeTruthy();
    expect(await limited.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
    expect(fake.ledger.totals.violations).toEqual({ total: 2, global: 0, channel: 2, retryAfter: 1 });
  });

  it('the global limit: over it, a 429 with X-RateLimit-Global and global: true', async () => {
    const { fake } = await start({ limits: { globalPerSecond: 5 } });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => rawPost(fake, String(910 + i), { content: 'brief' })));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited[0]!.headers.get('retry-after'), 'whole seconds at factor 1, as Discord').toBe('1');
    expect(await limited[0]!.json()).toMatchObject({ global: true });
    expect(fake.ledger.totals.violations).toMatchObject({ total: 1, global: 1 });
    const gateway = await fetch(`${fake.apiBase}/v10/gateway/bot`, { headers: { authorization: `Bot ${TOKEN}` } });
    expect(gateway.status, 'every route counts toward the global limit').toBe(429);
  });

  it('after a global 429, waiting its retry_after lets a full burst through again', async () => {
    let now = 0;
    const { fake } = await start({ limits: { globalPerSecond: 5, factor: 2 }, clock: () => now });
    const burst = (from: number) => Promise.all(Array.from({ length: 10 }, (_, i) => rawPost(fake, String(from + i), { content: 'x' })));
    expect((await burst(960)).every((a) => a.status === 200), 'a burst of 5 × 2').toBe(true);
    const over = await rawPost(fake, '975', { content: 'x' });
    expect(over.status).toBe(429);
    const { retry_after } = (await over.json()) as { retry_after: number };
    expect(retry_after, 'until the bucket is empty: 10 requests at 10/s').toBeCloseTo(1, 2);
    now += retry_after * 1000;
    expect((await burst(980)).every((a) => a.status === 200)).toBe(true);
  });

  it('the factor scales the channel window and multiplies the global count (discord.js paces global per second)', async () => {
    const { fake } = await start({ limits: { factor: 10 } });
    expect(fake.limits).toEqual({ factor: 10, global: { limit: 500, windowMs: 1000 }, channel: { limit: 5, windowMs: 500 } });
  });
});

describe('faults', () => {
  it("discord.js rides out injected 429s and 5xx by itself: all delivered, none twice, no violation", async () => {
    const { fake, rest } = await start({ limits: { factor: 20 }, inject: { p429: 0.2, p5xx: 0.1, p5xxDelivered: 0.5, seed: 3 } });
    const posts = Array.from({ length: 40 }, (_, i) => {
      const channel = String(920 + (i % 8));
      return rest.post(`/channels/${channel}/messages`, { body: { content: `brief ${i}`, nonce: `n${i}`, enforce_nonce: true } });
    });
    await Promise.all(posts);
    const t = fake.ledger.totals;
    expect(t.injected429 + t.injected5xx, 'the seed does inject faults here').toBeGreaterThan(0);
    expect(t).toMatchObject({ accepted: 40, duplicates: 0, violations: { total: 0 } });
    expect(t.nonceReplays, 'a retried send that had been delivered is answered from its nonce').toBe(t.deliveredOn5xx);
  });

  it('rates close to the configured ones, the same for the same seed', async () => {
    const run = async () => {
      const { fake } = await start({ inject: { p429: 0.1, p5xx: 0.02, seed: 11 } });
      const statuses: number[] = [];
      for (let i = 0; i < 300; i += 30) {
        const batch = await Promise.all(Array.from({ length: 30 }, (_, j) => rawPost(fake, String(10_000 + i + j), { content: 'x' })));
        statuses.push(...batch.map((b) => b.status));
      }
      return { fake, statuses };
    };
    const a = await run();
    const b = await run();
    expect(b.statuses).toEqual(a.statuses);
    const share429 = a.statuses.filter((s) => s === 429).length / 300;
    const share5xx = a.statuses.filter((s) => s >= 500).length / 300;
    expect(share429).toBeGreaterThan(0.05);
    expect(share429).toBeLessThan(0.15);
    expect(share5xx).toBeLessThan(0.06);
    expect(a.fake.ledger.totals.injected429).toBe(share429 * 300);
  });
});

describe('scripted channels', () => {
  const cases: [string, (f: FakeDiscord, id: string) => void, number, number][] = [
    ['unknown channel', (f, id) => f.unknownChannel(id), 404, 10003],
    ['missing access', (f, id) => f.missingAccess(id), 403, 50001],
    ['missing permissions', (f, id) => f.missingPermissions(id), 403, 50013],
  ];
  it.each(cases)('%s → %i with code %i, after one attempt', async (_name, script, status, code) => {
    const { fake, rest } = await start({ limits: {} });
    script(fake, '930');
    const err = (await rest.post('/channels/930/messages', { body: { content: 'x' } }).catch((e: unknown) => e)) as DiscordAPIError;
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect([err.status, err.code]).toEqual([status, code]);
    expect(fake.ledger.channel('930')).toMatchObject({ attempts: 1, accepted: [], refused: { [String(status)]: 1 } });
  });
});

describe('ledger', () => {
  it('enforce_nonce repeats are not duplicates; the same content posted again without it is', async () => {
    const { fake, rest } = await start();
    const body = { content: 'BTC basis 4.1%', nonce: 'brief-1', enforce_nonce: true };
    const first = (await rest.post('/channels/940/messages', { body })) as { id: string };
    const again = (await rest.post('/channels/940/messages', { body })) as { id: string };
    expect(again.id).toBe(first.id);
    expect(fake.ledger.channel('940')).toMatchObject({ duplicates: 0, nonceReplays: 1 });
    await rest.post('/channels/940/messages', { body: { content: 'BTC basis 4.1%' } });
    expect(fake.ledger.channel('940')).toMatchObject({ duplicates: 1, nonceReplays: 1 });
    expect(fake.ledger.channel('940').accepted).toHaveLength(2);
  });

  it('books id, nonce, flags (silent) and the embed title of each message', async () => {
    const { fake, rest } = await start({ record: false });
    const msg = (await rest.post('/channels/950/messages', { body: { embeds: [{ title: 'ETH brief' }], flags: SUPPRESS_NOTIFICATIONS, nonce: 'n-1' } })) as { id: string };
    const [booked] = fake.ledger.channel('950').accepted;
    expect(booked).toMatchObject({ id: msg.id, nonce: 'n-1', flags: 4096, silent: true, embedTitle: 'ETH brief', files: 0 });
    expect([fake.requests.length, fake.channelMessages.length], 'record: false keeps only the ledger').toEqual([0, 0]);
    await fake.waitForLedger((l) => l.totals.accepted === 1);
  });
});
