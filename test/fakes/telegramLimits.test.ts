/**
 * The fake Bot API's limits, faults and ledger, exercised with telegraf's own client: a delivery
 * test or the broadcast benchmark is only as honest as these answers. Time is a settable clock, so
 * a 1-minute group window costs nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Telegram, TelegramError } from 'telegraf';
import { FakeTelegram, type FakeTelegramOptions } from './fakeTelegram.js';

let fake: FakeTelegram;
let now = 0;
const started: FakeTelegram[] = [];
async function start(opts: FakeTelegramOptions = {}): Promise<Telegram> {
  now = 1_000_000;
  fake = await FakeTelegram.start({ clock: () => now, ...opts });
  started.push(fake);
  return new Telegram(fake.token, { apiRoot: fake.apiRoot });
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.close()));
});

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TelegramError);

describe('limits', () => {
  it('a burst to one chat: the first is delivered, the rest are 429 with retry_after and counted as violations', async () => {
    const tg = await start({ limits: {} });
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => failure(tg.sendMessage(7, `tick ${n}`))));
    expect(results.filter((r) => r === null)).toHaveLength(1);
    for (const err of results.filter((r) => r !== null)) {
      expect([err!.code, err!.description, err!.parameters?.retry_after]).toEqual([429, 'Too Many Requests: retry after 1', 1]);
    }
    expect(fake.ledger.totals.violations, 'every over-limit send counted; after the first 429 the chat is also under retry_after').toEqual({ total: 4, global: 0, chat: 4, group: 0, retryAfter: 3 });
    expect(fake.ledger.chat(7)).toMatchObject({ attempts: 5, refused: { '429': 4 } });
    expect(fake.ledger.chat(7).accepted).toHaveLength(1);
  });

  it('honouring retry_after gets through; a send even 1 ms early is refused again', async () => {
    const tg = await start({ limits: { factor: 10 } });
    await tg.sendMessage(8, 'a');
    now += 10; // the chat window is 100 ms at factor 10
    const err = await failure(tg.sendMessage(8, 'b'));
    expect(err?.parameters?.retry_after, 'in scaled seconds: 1 means 100 ms here').toBe(1);
    now += 99;
    expect((await failure(tg.sendMessage(8, 'b')))?.code, 'before retry_after has passed').toBe(429);
    now += 200;
    await expect(tg.sendMessage(8, 'b')).resolves.toMatchObject({ text: 'b' });
    expect(fake.ledger.totals.violations.retryAfter).toBe(1);
  });

  it('more than 30 sends a second across chats break the global limit', async () => {
    const tg = await start({ limits: {} });
    const results = await Promise.all(Array.from({ length: 31 }, (_, i) => failure(tg.sendMessage(100 + i, 'brief'))));
    expect(results.filter((r) => r === null)).toHaveLength(30);
    expect(fake.ledger.totals.violations).toMatchObject({ total: 1, global: 1, chat: 0 });
    now += 1000;
    await expect(tg.sendMessage(200, 'brief'), 'the window slides').resolves.toBeTruthy();
  });

  it('a group (negative id) takes 20 a minute even when each send waits out the chat second', async () => {
    const tg = await start({ limits: {} });
    for (let i = 0; i < 20; i++) {
      await tg.sendMessage(-100123, `m${i}`);
      now += 1000;
    }
    const err = await failure(tg.sendMessage(-100123, 'm20'));
    expect(err?.code).toBe(429);
    expect(err?.parameters?.retry_after, 'until the first of the 20 leaves the minute').toBe(41);
    expect(fake.ledger.totals.violations).toMatchObject({ total: 1, group: 1, chat: 0 });
    expect(fake.limits?.group).toEqual({ limit: 20, windowMs: 60_000 });
  });

  it('a refused send occupies the window too, so hammering through 429s keeps failing (unless countRefused: false)', async () => {
    const outcomeAfterHammering = async (countRefused: boolean) => {
      const tg = await start({ limits: { globalPerSecond: 2, countRefused } });
      await Promise.all([tg.sendMessage(1, 'a'), tg.sendMessage(2, 'b')]);
      now += 500;
      await Promise.all([3, 4, 5].map((chat) => failure(tg.sendMessage(chat, 'c'))));
      now += 600; // the two accepted sends have left the window; the three refused ones have not
      return (await failure(tg.sendMessage(6, 'd')))?.code ?? 'ok';
    };
    expect(await outcomeAfterHammering(true), 'as Telegram sees a client: every call counts').toBe(429);
    expect(await outcomeAfterHammering(false), 'only delivered sends count').toBe('ok');
  });

  it('scripted failNext and other methods stay outside the limits', async () => {
    const tg = await start({ limits: {} });
    fake.failNext('sendMessage', { code: 500, description: 'Internal Server Error' });
    expect((await failure(tg.sendMessage(10, 'x')))?.code).toBe(500);
    await tg.getMe();
    await tg.getMe();
    expect(fake.ledger.totals).toMatchObject({ calls: 3, sends: 1, violations: { total: 0 } });
    expect(fake.ledger.chat(10).refused).toEqual({ '500': 1 });
  });
});

describe('chats in a scripted state', () => {
  it('a blocked chat answers 403 to every send: one attempt is enough to know', async () => {
    const tg = await start();
    fake.blockChat(42);
    const err = await failure(tg.sendMessage(42, 'brief'));
    expect([err?.code, err?.description]).toEqual([403, 'Forbidden: bot was blocked by the user']);
    expect(fake.ledger.chat(42)).toMatchObject({ attempts: 1, accepted: [], refused: { '403': 1 } });
  });

  it('a chat not found answers 400', async () => {
    const tg = await start();
    fake.chatNotFound(43);
    const err = await failure(tg.sendMessage(43, 'brief'));
    expect([err?.code, err?.description]).toEqual([400, 'Bad Request: chat not found']);
  });

  it('a migrated group answers 400 with migrate_to_chat_id; the new id takes the message', async () => {
    const tg = await start({ limits: {} });
    fake.migrateChat(-4001, -1004001);
    const err = await failure(tg.sendMessage(-4001, 'brief'));
    expect([err?.code, err?.description]).toEqual([400, 'Bad Request: group chat was upgraded to a supergroup chat']);
    expect(err?.parameters?.migrate_to_chat_id).toBe(-1004001);
    await expect(tg.sendMessage(-1004001, 'brief')).resolves.toMatchObject({ text: 'brief' });
    fake.restoreChat(-4001);
    now += 1000;
    await expect(tg.sendMessage(-4001, 'again')).resolves.toBeTruthy();
  });
});
