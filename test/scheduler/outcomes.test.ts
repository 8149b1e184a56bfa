/**
 * What the scheduler does with each messenger outcome, and how it fans one computation out to
 * many chats. All due at 08:00 UTC (a UTC subscription), checked with ledger rows and sends.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../bot/store/memory.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { createBriefScheduler } from '../../bot/scheduler/briefs.js';
import type { Store } from '../../core/ports.js';
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
  const scheduler = createBriefScheduler({ store, messengers: { telegram }, produceBrief: producer.produce, clock: { now: () => DUE }, logger });
  const subscribe = (chatId: string, assets = ['BTC']) => store.setBrief(sub(tg(chatId), '08:00', 'UTC', CREATED, assets));
  return { store, telegram, producer, logger, scheduler, subscribe };
}

describe('messenger outcomes', () => {
  it('gone (blocked, kicked): the chat is retired and the row failed with the reason, logged with the chat', async () => {
    const { store, telegram, logger, scheduler, subscribe } = setup();
    await subscribe('7');
    telegram.script('7', { ok: false, kind: 'gone', detail: '403: bot was blocked by the user' });
    await scheduler.tick(at(0));
    expect((await store.chatSettings(tg('7'))).brief, 'no more briefs for a chat that blocked us').toBeNull();
    const row = await store.getDelivery(key('7'));
    expect([row?.status, row?.detail], 'the ledger keeps why').toEqual(['failed', 'gone: 403: bot was blocked by the user']);
    expect(logger.entries.some((e) => e.level === 'warn' && e.fields?.chat === 'telegram:7'), 'logged with the destination').toBe(true);
  });

  it('moved (group became a supergroup): the subscription moves and the brief is sent once to the new id', async () => {
    const { store, telegram, scheduler, subscribe } = setup();
    await subscribe('-42');
    telegram.script('-42', { ok: false, kind: 'moved', detail: 'migrated', movedTo: tg('-1009999') });
    await scheduler.tick(at(0));
    await scheduler.tick(at(1));
    await scheduler.tick(at(30));
    expect(telegram.delivered('-1009999'), 'sent again to the new id, and only once').toEqual(['BTC daily brief']);
    expect((await store.chatSettings(tg('-1009999'))).brief?.time, 'the subscription followed the chat').toBe('08:00');
    expect((await store.chatSettings(tg('-42'))).brief, 'nothing left at the old id').toBeNull();
    expect((await store.getDelivery(key('-1009999')))?.status, 'the new id has today’s row, so later ticks skip it').toBe('sent');
    expect((await store.getDelivery(key('-42')))?.detail, 'the old row says where it went').toBe('moved to telegram:-1009999');
  });

  it('retry (429, 5xx, timeout): left pending, not re-sent before retry-after, sent on a later tick', async () => {
    const { store, telegram, scheduler, subscribe } = setup();
    await subscribe('5');
    telegram.script('5', { ok: false, kind: 'retry', detail: '429: Too Many Requests', retryAfterMs: 90_000 });
    const first = await scheduler.tick(at(0));
    expect(first.retrying, 'deferred').toEqual([key('5')]);
    expect((await store.getDelivery(key('5')))?.status, 'still claimed, so no one else sends it').toBe('pending');
    await scheduler.tick(at(1));
    expect(telegram.sends, 'retry-after of 90 s not over at +60 s').toHaveLength(1);
    const later = await scheduler.tick(at(2));
    expect(later.sent, 'sent at +120 s').toEqual([key('5')]);
    expect(telegram.delivered('5'), 'delivered once').toEqual(['BTC daily brief']);
  });

  it('retry, then the chat unsubscribes: the pending brief is dropped, not sent', async () => {
    const { store, telegram, scheduler, subscribe } = setup();
    await subscribe('5');
    telegram.script('5', { ok: false, kind: 'retry', detail: '502 Bad Gateway' });
    await scheduler.tick(at(0));
    await store.removeBrief(tg('5'));
    await scheduler.tick(at(1));
    expect(telegram.sends, 'only the failed first attempt').toHaveLength(1);
    const row = await store.getDelivery(key('5'));
    expect([row?.status, row?.detail]).toEqual(['failed', 'the chat unsubscribed before the retry']);
  });

  it('retry that never succeeds: failed at the end of the grace window, not retried forever', async () => {
    const { store, telegram, scheduler, subscribe } = setup();
    await subscribe('5');
    const outage = { ok: false, kind: 'retry', detail: '502 Bad Gateway' } as const;
    telegram.script('5', ...Array.from({ length: 200 }, () => outage));
    for (let m = 0; m <= 180; m++) await scheduler.tick(at(m));
    const row = await store.getDelivery(key('5'));
    expect(row?.status, 'given up').toBe('failed');
    expect(telegram.sends.length, 'one attempt per tick during the 120-minute grace, none after').toBe(121);
  });

  it('failed (our bug): failed with the detail, logged as an error, never retried', async () => {
    const { store, telegram, logger, scheduler, subscribe } = setup();
    await subscribe('9');
    telegram.script('9', { ok: false, kind: 'failed', detail: "400: can't parse entities" });
    await scheduler.tick(at(0));
    await scheduler.tick(at(1));
    expect(telegram.sends, 'the same payload is not sent again').toHaveLength(1);
    expect((await store.getDelivery(key('9')))?.detail, 'kept for the operator').toBe("400: can't parse entities");
    expect(logger.entries.some((e) => e.level === 'error' && e.fields?.chat === 'telegram:9'), 'logged').toBe(true);
  });

  it('a messenger that throws for one chat does not stop the others', async () => {
    const { store, telegram, scheduler, subscribe } = setup();
    for (const id of ['1', '2', '3']) await subscribe(id);
    telegram.script('2', new Error('socket hang up'));
    const report = await scheduler.tick(at(0));
    expect(report.sent, 'chats 1 and 3 still get their brief').toEqual([key('1'), key('3')]);
    expect((await store.getDelivery(key('2')))?.detail, 'chat 2 failed with the error').toBe('send threw Error: socket hang up');
  });
});

describe('fan-out and several assets', () => {
  it('100 chats due in one tick cost one brief computation per asset', async () => {
    const { telegram, producer, scheduler, subscribe } = setup();
    for (let i = 0; i < 100; i++) await subscribe(String(i), i % 2 === 0 ? ['BTC', 'ETH'] : ['BTC']);
    const report = await scheduler.tick(at(0));
    expect(report.sent, 'every chat got its brief').toHaveLength(100);
    expect(producer.calls.map((c) => c.asset).sort(), 'BTC and ETH computed once each').toEqual(['BTC', 'ETH']);
    expect(telegram.sends, '50 chats × 2 assets + 50 chats × 1 asset').toHaveLength(150);
  });

  it('several assets are one message each, in order, and a retry resumes after the ones already sent', async () => {
    const { store, telegram, scheduler, subscribe } = setup();
    await subscribe('8', ['BTC', 'ETH', 'SOL']);
    telegram.script('8', { ok: true }, { ok: false, kind: 'retry', detail: 'timeout' });
    await scheduler.tick(at(0));
    await scheduler.tick(at(1));
    expect(telegram.delivered('8'), 'BTC is not sent twice').toEqual(['BTC daily brief', 'ETH daily brief', 'SOL daily brief']);
    expect((await store.getDelivery(key('8')))?.status, 'one ledger row for the whole brief').toBe('sent');
  });

  it('when the brief cannot be produced (market down) nothing is claimed, and the next tick tries again', async () => {
    const failFor = new Set(['BTC']);
    const { store, telegram, scheduler, subscribe } = setup({ failFor });
    await subscribe('4');
    const report = await scheduler.tick(at(0));
    expect(report.deferred, 'left for later').toEqual([key('4')]);
    expect(await store.getDelivery(key('4')), 'no row: still due').toBeNull();
    failFor.clear();
    await scheduler.tick(at(1));
    expect(telegram.delivered('4'), 'sent once the market is back').toEqual(['BTC daily brief']);
  });

  it('a chat on a platform with no running messenger is not claimed (left for when it runs)', async () => {
    const { store, telegram, scheduler } = setup();
    await store.setBrief(sub({ platform: 'discord', chatId: '123456789012345678' }, '08:00', 'UTC', CREATED));
    const report = await scheduler.tick(at(0));
    expect(report.deferred, 'deferred').toEqual(['brief:discord:123456789012345678:2026-02-02']);
    expect(telegram.sends, 'never sent to another platform').toHaveLength(0);
  });
});
