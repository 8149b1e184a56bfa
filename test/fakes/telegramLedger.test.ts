/**
 * The fake Bot API's seeded faults and its delivery ledger, with telegraf's own client: the rates
 * the benchmark asks for, the same faults in every run, and duplicates counted as a user sees them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Input, Telegram, TelegramError } from 'telegraf';
import { FakeTelegram, type FakeTelegramOptions } from './fakeTelegram.js';
import { FaultInjector } from './telegram/faults.js';

const started: FakeTelegram[] = [];
async function start(opts: FakeTelegramOptions = {}): Promise<{ fake: FakeTelegram; tg: Telegram }> {
  const fake = await FakeTelegram.start(opts);
  started.push(fake);
  return { fake, tg: new Telegram(fake.token, { apiRoot: fake.apiRoot }) };
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.close()));
});

/** `n` calls, at most 20 in flight (as a paced sender would), results in call order. */
async function inPool<T>(n: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: 20 }, async () => {
    for (let i = next++; i < n; i = next++) out[i] = await call(i);
  }));
  return out;
}

const outcome = (p: Promise<unknown>) => p.then(() => 'ok' as const, (e: unknown) => (e as TelegramError).code);
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('seeded faults', () => {
  it('draws 429 and 5xx at the configured rates', () => {
    const inject = new FaultInjector({ p429: 0.1, p5xx: 0.02, seed: 7 });
    const faults = Array.from({ length: 100_000 }, (_, i) => inject.draw(String(-1_000_000 - i), 0));
    const share = (kind: string) => faults.filter((f) => f.kind === kind).length / faults.length;
    expect(share('429')).toBeCloseTo(0.1, 2);
    expect(share('5xx')).toBeCloseTo(0.02, 2);
    const statuses = new Set(faults.map((f) => (f.kind === '5xx' ? f.status : 0)));
    expect([...statuses].sort()).toEqual([0, 500, 502]);
  });

  it('the n-th attempt at a chat meets the same fault whatever the seed-free order of arrival', () => {
    const a = new FaultInjector({ p429: 0.3, seed: 1 });
    const b = new FaultInjector({ p429: 0.3, seed: 1 });
    const c = new FaultInjector({ p429: 0.3, seed: 2 });
    const keys = Array.from({ length: 200 }, (_, i) => String(i));
    const seq = (f: FaultInjector, order: string[]) => Object.fromEntries(order.map((k) => [k, f.draw(k, 3).kind]));
    expect(seq(a, keys)).toEqual(seq(b, [...keys].reverse()));
    expect(seq(a, keys), 'another seed, other faults').not.toEqual(seq(c, keys));
  });

  it('over the wire: injected 429s carry retry_after and refuse the chat until then; 5xx are 500 or 502', async () => {
    const run = async () => {
      const { fake, tg } = await start({ inject: { p429: 0.1, p5xx: 0.02, seed: 42, retryAfterSeconds: 3 } });
      const answers = await inPool(600, (i) => tg.sendMessage(10_000 + i, 'brief').then((): 'ok' => 'ok', (e: TelegramError) => e));
      return { fake, tg, answers };
    };
    const { fake, tg, answers } = await run();
    const errors = answers.filter((a): a is TelegramError => a !== 'ok');
    const tooMany = errors.filter((e) => e.code === 429);
    expect(tooMany.length).toBe(fake.ledger.totals.injected429);
    expect(tooMany.length / 600).toBeGreaterThan(0.06);
    expect(tooMany.length / 600).toBeLessThan(0.14);
    expect(new Set(tooMany.map((e) => e.parameters?.retry_after))).toEqual(new Set([3]));
    expect(new Set(errors.filter((e) => e.code !== 429).map((e) => e.code)).size).toBeGreaterThan(0);
    for (const e of errors.filter((x) => x.code !== 429)) expect([500, 502]).toContain(e.code);
    expect(fake.ledger.totals).toMatchObject({ sends: 600, accepted: 600 - errors.length, violations: { total: 0 } });

    const refusedChat = 10_000 + answers.indexOf(tooMany[0]!);
    expect(await outcome(tg.sendMessage(refusedChat, 'again')), 'no send before retry_after').toBe(429);
    expect(fake.ledger.totals.violations.retryAfter).toBe(1);

    const again = await run();
    const codes = (list: ('ok' | TelegramError)[]) => list.map((a) => (a === 'ok' ? a : a.code));
    expect(codes(again.answers), 'the same seed, the same faults').toEqual(codes(answers));
  });

  it('a 5xx may have delivered the message all the same; its retry is then a duplicate', async () => {
    const { fake, tg } = await start({ inject: { p5xx: 1, p5xxDelivered: 1 } });
    expect(await outcome(tg.sendMessage(5, 'brief'))).toBeGreaterThanOrEqual(500);
    expect(await outcome(tg.sendMessage(5, 'brief'))).toBeGreaterThanOrEqual(500);
    expect(fake.ledger.chat(5)).toMatchObject({ attempts: 2, duplicates: 1 });
    expect(fake.ledger.totals).toMatchObject({ injected5xx: 2, deliveredOn5xx: 2, accepted: 2, duplicates: 1 });
  });
});

describe('delivery ledger', () => {
  it('books each accepted send with its content and disable_notification, and counts repeats', async () => {
    const { fake, tg } = await start();
    const first = await tg.sendPhoto(77, Input.fromBuffer(png, 'chart.png'), { caption: 'BTC', disable_notification: true });
    await tg.sendPhoto(77, first.photo[0]!.file_id, { caption: 'BTC' });
    await tg.sendMessage(77, 'note');
    await tg.sendMessage(77, 'note', { disable_notification: false });
    const chat = fake.ledger.chat(77);
    expect(chat.accepted.map(({ at: _at, ...s }) => s)).toEqual([
      { messageId: first.message_id, method: 'sendPhoto', caption: 'BTC', photo: { uploadBytes: png.length }, disableNotification: true },
      { messageId: first.message_id + 1, method: 'sendPhoto', caption: 'BTC', photo: { fileId: first.photo[0]!.file_id }, disableNotification: false },
      { messageId: first.message_id + 2, method: 'sendMessage', text: 'note', disableNotification: false },
      { messageId: first.message_id + 3, method: 'sendMessage', text: 'note', disableNotification: false },
    ]);
    expect(chat.duplicates, 'the same picture by file_id and the same text again').toBe(2);
    expect(chat.firstAcceptedAt).toBeLessThanOrEqual(chat.lastAcceptedAt!);
    expect(fake.ledger.chat(78).attempts, 'an untouched chat has an empty ledger').toBe(0);
  });

  it('record: false keeps the ledger but not the calls, and polling still works', async () => {
    const { fake, tg } = await start({ record: false });
    await tg.sendPhoto(1, Input.fromBuffer(png, 'chart.png'));
    const id = fake.postText({ chat: { id: 1, type: 'private' }, text: 'hi' });
    const updates = await tg.callApi('getUpdates', { offset: id, timeout: 0 });
    expect(updates.map((u) => u.update_id)).toEqual([id]);
    expect(fake.calls).toEqual([]);
    expect(fake.ledger.totals).toMatchObject({ calls: 2, sends: 1, accepted: 1 });
    await fake.waitForLedger((l) => l.totals.accepted === 1, 'the photo');
  });
});
