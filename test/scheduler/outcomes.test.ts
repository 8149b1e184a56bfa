/**
 * What the sender does with each messenger outcome of a queued brief, and how the scheduler fans one
 * computation out to many chats. All due at 08:00 UTC (a UTC subscription), checked with outbox rows
 * and the parts the fake messenger was asked to send.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../bot/store/memory.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { createBriefScheduler } from '../../bot/scheduler/briefs.js';
import { createSender } from '../../bot/delivery/sender.js';
import { RETRY } from '../../bot/delivery/policy.js';
import { unsubscribeCommand } from '../../commands/unsubscribe.js';
import type { Store } from '../../core/ports.js';
import { createTestDeps } from '../support/app.js';
import { createFakeMessenger, createProducer, sub, tg, utc } from './fakes.js';

const CREATED = utc('2026-02-01T00:00:00Z');
const DUE = utc('2026-02-02T08:00:00Z');
const at = (minutesAfterDue: number) => DUE + minutesAfterDue * 60_000;
const key = (chatId: string) => `brief:telegram:${chatId}:2026-02-02`;

function setup(opts: { failFor?: Set<string> } = {}) {
  const store: Store = createMemoryStore();
  const telegram = createFakeMessenger('telegram');
  const producer = createProducer(opts);
  const logger = createMemoryLogger();
  const clock = { now: () => DUE };
  const scheduler = createBriefScheduler({ store, platforms: ['telegram'], produceBrief: producer.produce, clock, logger });
  // No jitter: backoff waits are the policy's exact doubling.
  const sender = createSender({ store, messengers: { telegram }, clock, logger, random: () => 0.5 });
  const subscribe = (chatId: string, assets = ['BTC']) => store.subscriptions.setBrief(sub(tg(chatId), '08:00', 'UTC', CREATED, assets));
  /** One minute of the running bot: the tick queues what is due, the sender sends what is due. */
  const minute = async (m: number) => ({ tick: await scheduler.tick(at(m)), delivery: await sender.drain(at(m)) });
  return { store, telegram, producer, logger, scheduler, sender, subscribe, minute };
}

describe('messenger outcomes', () => {
  it('gone (blocked, kicked): the chat is retired, its row failed with the reason, logged with the chat', async () => {
    const { store, telegram, logger, subscribe, minute } = setup();
    await subscribe('7');
    await store.subscriptions.setAlerts(tg('7'), ['BTC'], CREATED);
    const alert = { destination: tg('7'), kind: 'alert' as const, slot: 'BTC#1', payloads: [], silent: false, priority: 20, dueAt: at(30), expiresAt: at(60) };
    await store.outbox.enqueue([alert], at(0));
    telegram.script('7', { ok: false, kind: 'gone', detail: '403: bot was blocked by the user' });

    const { delivery } = await minute(0);
    expect(delivery.failed, 'one attempt, then given up').toEqual([key('7')]);
    const row = await store.outbox.get(key('7'));
    expect([row?.status, row?.detail], 'the outbox keeps why').toEqual(['failed', 'gone: 403: bot was blocked by the user']);
    expect(await store.subscriptions.chatSettings(tg('7')), 'no more briefs or alerts for a chat that blocked us').toEqual({ brief: null, alerts: null });
    expect((await store.outbox.get('alert:telegram:7:BTC#1'))?.status, 'a message still queued for it is cancelled').toBe('cancelled');
    expect(logger.entries.some((e) => e.level === 'warn' && e.fields?.['chat'] === 'telegram:7'), 'logged with the destination').toBe(true);
    await minute(30);
    expect(telegram.sends, 'nothing more is tried there').toHaveLength(1);
  });

  it('moved (group became a supergroup): the subscription moves and the brief is sent once to the new id', async () => {
    const { store, telegram, subscribe, minute } = setup();
    await subscribe('-42');
    telegram.script('-42', { ok: false, kind: 'moved', detail: 'migrated', movedTo: tg('-1009999') });
    const first = await minute(0);
    await minute(1);
    await minute(30);
    expect([first.delivery.moved, first.delivery.sent], 'the old row moved, the new one sent in the same drain').toEqual([[key('-42')], [key('-1009999')]]);
    expect(telegram.delivered('-1009999'), 'sent again to the new id, and only once').toEqual(['BTC daily brief']);
    expect((await store.subscriptions.chatSettings(tg('-1009999'))).brief?.time, 'the subscription followed the chat').toBe('08:00');
    expect((await store.subscriptions.chatSettings(tg('-42'))).brief, 'nothing left at the old id').toBeNull();
    expect((await store.outbox.get(key('-1009999')))?.status, 'the new id has today’s row, so later ticks skip it').toBe('sent');
    const old = await store.outbox.get(key('-42'));
    expect([old?.status, old?.detail], 'the old row says where it went').toEqual(['moved', 'moved to telegram:-1009999']);
  });

  it('retry (429): the row waits for retry_after, is not re-sent before it, and is sent on a later drain', async () => {
    const { store, telegram, subscribe, minute } = setup();
    await subscribe('5');
    telegram.script('5', { ok: false, kind: 'retry', detail: '429: Too Many Requests', retryAfterMs: 90_000, rateLimited: true });
    const first = await minute(0);
    expect(first.delivery.retrying, 'deferred').toEqual([key('5')]);
    const row = await store.outbox.get(key('5'));
    expect([row?.status, row?.attempts, row?.detail], 'the retry lives in the row').toEqual(['pending', 1, '429: Too Many Requests']);
    expect(row?.nextAttemptAt, 'retry_after plus the policy’s margin').toBe(at(0) + 90_000 + RETRY.rateLimitMarginMs);
    await minute(1);
    expect(telegram.sends, 'retry-after of 90 s not over at +60 s').toHaveLength(1);
    const later = await minute(2);
    expect(later.delivery.sent, 'sent at +120 s').toEqual([key('5')]);
    expect(telegram.delivered('5'), 'delivered once').toEqual(['BTC daily brief']);
  });

  it('retry, then the chat unsubscribes: the queued brief is cancelled, not sent', async () => {
    const { store, telegram, subscribe, minute } = setup();
    await subscribe('5');
    telegram.script('5', { ok: false, kind: 'retry', detail: '502 Bad Gateway' });
    await minute(0);
    const deps = await createTestDeps({ store, now: at(0.5) });
    const ctx = { destination: tg('5'), chatKind: 'private' as const, isAdmin: async () => true, now: at(0.5) };
    const answer = await unsubscribeCommand.execute({ what: 'brief' }, ctx, deps);
    expect(answer.paragraphs, 'the chat is told a message was cancelled').toContain('One message waiting to be sent was cancelled.');
    await minute(1);
    await minute(10);
    expect(telegram.sends, 'only the failed first attempt').toHaveLength(1);
    const row = await store.outbox.get(key('5'));
    expect([row?.status, row?.detail], 'the row says why').toEqual(['cancelled', 'unsubscribed']);
  });

  it('retry that never succeeds: backs off, and fails at the end of the grace window instead of retrying forever', async () => {
    const { store, telegram, subscribe, minute } = setup();
    await subscribe('5');
    telegram.script('5', ...Array.from({ length: 200 }, () => ({ ok: false, kind: 'retry', detail: '502 Bad Gateway' }) as const));
    const attemptsAt: number[] = [];
    for (let m = 0; m <= 180; m++) {
      const before = telegram.sends.length;
      await minute(m);
      if (telegram.sends.length > before) attemptsAt.push(m);
    }
    const row = await store.outbox.get(key('5'));
    expect([row?.status, row?.detail], 'given up with the last failure').toEqual(['failed', 'gave up at the end of the grace window (last: 502 Bad Gateway)']);
    expect(attemptsAt.at(-1), 'the last attempt is within the 120-minute grace').toBeLessThanOrEqual(120);
    const gaps = attemptsAt.slice(1).map((m, i) => m - attemptsAt[i]!);
    expect(gaps.every((g, i) => i === 0 || g >= gaps[i - 1]!), `waits grow, never shrink: ${gaps.join(', ')}`).toBe(true);
    expect(Math.max(...gaps), 'capped at the policy’s 5 minutes').toBe(RETRY.maxMs / 60_000);
    expect(attemptsAt.length, 'far fewer than one attempt per minute').toBeLessThan(40);
  });

  it('failed (our bug): failed with the detail, logged as an error, never retried', async () => {
    const { store, telegram, logger, subscribe, minute } = setup();
    await subscribe('9');
    telegram.script('9', { ok: false, kind: 'failed', detail: "400: can't parse entities" });
    await minute(0);
    await minute(1);
    expect(telegram.sends, 'the same payload is not sent again').toHaveLength(1);
    expect((await store.outbox.get(key('9')))?.detail, 'kept for the operator').toBe("400: can't parse entities");
    expect(logger.entries.some((e) => e.level === 'error' && e.fields?.['chat'] === 'telegram:9'), 'logged').toBe(true);
  });

  it('a messenger that throws for one chat does not stop the others; that row is retried once its lease lapses', async () => {
    const { store, telegram, logger, subscribe, minute, sender } = setup();
    for (const id of ['1', '2', '3']) await subscribe(id);
    telegram.script('2', new Error('socket hang up'));
    const { delivery } = await minute(0);
    expect(delivery.sent, 'chats 1 and 3 still get their brief').toEqual([key('1'), key('3')]);
    const crash = logger.entries.find((e) => e.level === 'error' && e.fields?.['chat'] === 'telegram:2');
    expect(crash?.fields?.['err'], 'logged with the chat and the error').toBe('Error: socket hang up');
    expect((await store.outbox.get(key('2')))?.status, 'left pending: the outcome is unknown').toBe('pending');
    expect((await sender.drain(at(0.5))).sent, 'held by the claim until the lease lapses').toEqual([]);
    expect((await minute(2)).delivery.sent, 'then tried again').toEqual([key('2')]);
    expect(telegram.delivered('2'), 'delivered once').toEqual(['BTC daily brief']);
  });
});

describe('fan-out and several assets', () => {
  it('100 chats due in one tick cost one brief computation per asset, stored once and shared by every row', async () => {
    const { store, telegram, producer, subscribe, minute } = setup();
    for (let i = 0; i < 100; i++) await subscribe(String(i), i % 2 === 0 ? ['BTC', 'ETH'] : ['BTC']);
    const { tick, delivery } = await minute(0);
    expect(tick.queued, 'one row per chat').toHaveLength(100);
    expect(delivery.sent, 'every chat got its brief').toHaveLength(100);
    expect(producer.calls.map((c) => c.asset).sort(), 'BTC and ETH computed once each').toEqual(['BTC', 'ETH']);
    const [even, odd] = [await store.outbox.get(key('0')), await store.outbox.get(key('1'))];
    expect(odd?.payloads[0], 'the BTC payload is the same for every chat').toBe(even?.payloads[0]);
    expect(telegram.sends, '50 chats × 2 assets + 50 chats × 1 asset').toHaveLength(150);
  });

  it('several assets are one message each, in order, and a retry resumes after the ones already sent', async () => {
    const { store, telegram, subscribe, minute } = setup();
    await subscribe('8', ['BTC', 'ETH', 'SOL']);
    telegram.script('8', 'ok', { ok: false, kind: 'retry', detail: 'timeout' });
    await minute(0);
    const waiting = await store.outbox.get(key('8'));
    expect([waiting?.partsSent, waiting?.detail], 'the row remembers that BTC went out').toEqual([1, 'timeout (after 1 part went out)']);
    await minute(1);
    expect(telegram.delivered('8'), 'BTC is not sent twice').toEqual(['BTC daily brief', 'ETH daily brief', 'SOL daily brief']);
    const row = await store.outbox.get(key('8'));
    expect([row?.status, row?.partsSent, row?.messageIds.length], 'one outbox row for the whole brief').toEqual(['sent', 3, 3]);
  });

  it('a reply of several platform messages resumes after the part that went out', async () => {
    const store = createMemoryStore();
    const telegram = createFakeMessenger('telegram', { partsOf: () => 2 }); // e.g. a photo, then the text
    const logger = createMemoryLogger();
    const clock = { now: () => DUE };
    const scheduler = createBriefScheduler({ store, platforms: ['telegram'], produceBrief: createProducer().produce, clock, logger });
    const sender = createSender({ store, messengers: { telegram }, clock, logger, random: () => 0.5 });
    await store.subscriptions.setBrief(sub(tg('8'), '08:00', 'UTC', CREATED));
    telegram.script('8', 'ok', { ok: false, kind: 'retry', detail: '502 Bad Gateway' });
    await scheduler.tick(at(0));
    await sender.drain(at(0));
    await sender.drain(at(1));
    expect(telegram.delivered('8'), 'the photo once, the text once').toEqual(['BTC daily brief [1/2]', 'BTC daily brief [2/2]']);
    expect(telegram.sends.map((s) => s.opts.fromPart), 'the retry starts at the second part').toEqual([0, 0, 1]);
  });

  it('each send names its row (the idempotency key) and goes as a broadcast', async () => {
    const { telegram, subscribe, minute } = setup();
    await subscribe('6', ['BTC', 'ETH']);
    await minute(0);
    expect(telegram.sends.map((s) => s.opts), 'one stable key per payload of the row').toEqual([
      { fromPart: 0, silent: false, idempotencyKey: `${key('6')}#0`, priority: 'broadcast' },
      { fromPart: 0, silent: false, idempotencyKey: `${key('6')}#1`, priority: 'broadcast' },
    ]);
  });

  it('when the brief cannot be produced (market down) no row is written, and the next tick tries again', async () => {
    const failFor = new Set(['BTC']);
    const { store, telegram, subscribe, minute } = setup({ failFor });
    await subscribe('4');
    const { tick } = await minute(0);
    expect(tick.deferred, 'left for later').toEqual([key('4')]);
    expect(await store.outbox.get(key('4')), 'no row: still due').toBeNull();
    failFor.clear();
    await minute(1);
    expect(telegram.delivered('4'), 'sent once the market is back').toEqual(['BTC daily brief']);
  });

  it('a chat on a platform that is not running is not queued (left for when it runs, within grace)', async () => {
    const { store, telegram, minute } = setup();
    await store.subscriptions.setBrief(sub({ platform: 'discord', chatId: '123456789012345678' }, '08:00', 'UTC', CREATED));
    const { tick } = await minute(0);
    expect(tick.deferred, 'deferred').toEqual(['brief:discord:123456789012345678:2026-02-02']);
    expect(await store.outbox.get('brief:discord:123456789012345678:2026-02-02'), 'no row yet').toBeNull();
    expect(telegram.sends, 'never sent to another platform').toHaveLength(0);
  });
});
