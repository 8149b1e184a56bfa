/**
 * When a daily brief goes out, and that it goes out once: repeated ticks, a restart (a second
 * scheduler and sender on the same store), downtime across the due time, a crash mid-send,
 * overlapping ticks. The scheduler only queues outbox rows; the sender sends them.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../bot/store/memory.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { createBriefScheduler } from '../../bot/scheduler/briefs.js';
import { createSender } from '../../bot/delivery/sender.js';
import type { Store } from '../../core/ports.js';
import { createFakeMessenger, createProducer, sub, tg, utc } from './fakes.js';

/** One process of the bot: a scheduler (the producer) and a sender (the consumer) on `store`. */
function boot(store: Store = createMemoryStore(), graceMinutes?: number) {
  const telegram = createFakeMessenger('telegram');
  const producer = createProducer();
  const logger = createMemoryLogger();
  const clock = { now: (): number => { throw new Error('tests pass `now` explicitly'); } };
  const scheduler = createBriefScheduler({
    store,
    platforms: ['telegram'],
    produceBrief: producer.produce,
    clock,
    logger,
    ...(graceMinutes === undefined ? {} : { graceMinutes }),
  });
  const sender = createSender({ store, messengers: { telegram }, clock, logger, random: () => 0.5 });
  /** What the running bot does at `now`: the cron tick queues what is due, then the sender sends what is due. */
  const minute = async (now: number) => ({ tick: await scheduler.tick(now), delivery: await sender.drain(now) });
  return { store, telegram, producer, logger, scheduler, sender, minute };
}

const BERLIN = tg('1001');
const KEY_JAN15 = 'brief:telegram:1001:2026-01-15';
const subscribeBerlin = (store: Store, time = '07:30') => store.subscriptions.setBrief(sub(BERLIN, time, 'Europe/Berlin', utc('2026-01-14T12:00:00Z')));

describe('GIVEN a chat subscribed to the 07:30 Europe/Berlin brief', () => {
  it('in winter (CET): nothing at 06:29 UTC, one brief at 06:30 UTC, and no second copy from later ticks or a restart', async () => {
    const bot = boot();
    await subscribeBerlin(bot.store);

    const early = await bot.minute(utc('2026-01-15T06:29:00Z'));
    expect(early.tick.queued, '06:29 UTC is 07:29 in Berlin: not yet').toEqual([]);
    expect(bot.telegram.sends, 'nothing sent before the due time').toHaveLength(0);

    const due = await bot.minute(utc('2026-01-15T06:30:00Z'));
    expect(due.tick.queued, 'due at 07:30 CET = 06:30 UTC: one row for the chat and its local day').toEqual([KEY_JAN15]);
    expect(due.delivery.sent, 'the sender sends it in the same minute').toEqual([KEY_JAN15]);
    expect(bot.telegram.delivered('1001'), 'one message for the one asset').toEqual(['BTC daily brief']);

    for (const t of ['06:31', '06:45', '08:00', '23:59']) {
      const later = await bot.minute(utc(`2026-01-15T${t}:00Z`));
      expect([later.tick.queued, later.delivery.sent], `${t}: the row exists, nothing is queued or sent again`).toEqual([[], []]);
    }
    const restarted = boot(bot.store);
    const atStart = await restarted.minute(utc('2026-01-15T07:00:00Z')); // main ticks once at start
    const next = await restarted.minute(utc('2026-01-15T07:01:00Z'));
    expect([...atStart.tick.queued, ...next.tick.queued], 'a restarted scheduler finds the outbox row').toEqual([]);
    expect(restarted.telegram.sends, 'and the restarted sender has nothing to send').toHaveLength(0);
    expect(bot.telegram.sends, 'one send in all').toHaveLength(1);
    const row = await bot.store.outbox.get(KEY_JAN15);
    expect([row?.status, row?.partsSent, row?.messageIds], 'the outbox records it sent, with its message id').toEqual(['sent', 1, ['m1']]);
  });

  it('in summer (CEST): due at 05:30 UTC', async () => {
    const bot = boot();
    await bot.store.subscriptions.setBrief(sub(BERLIN, '07:30', 'Europe/Berlin', utc('2026-07-01T00:00:00Z')));
    await bot.minute(utc('2026-07-15T05:29:00Z'));
    expect(bot.telegram.sends, 'one minute early').toHaveLength(0);
    await bot.minute(utc('2026-07-15T05:30:00Z'));
    await bot.minute(utc('2026-07-15T05:35:00Z'));
    expect(bot.telegram.delivered('1001'), '07:30 CEST = 05:30 UTC, once').toEqual(['BTC daily brief']);
  });

  it('a tick that comes late (a stalled event loop) still sends, once', async () => {
    const bot = boot();
    await subscribeBerlin(bot.store);
    await bot.minute(utc('2026-01-15T06:10:00Z'));
    const late = await bot.minute(utc('2026-01-15T06:57:00Z'));
    await bot.minute(utc('2026-01-15T06:58:00Z'));
    expect(late.delivery.sent, '27 minutes late is within the 120-minute grace').toEqual([KEY_JAN15]);
    expect(bot.telegram.sends, 'once').toHaveLength(1);
  });

  it('a subscription made after today’s time gets its first brief tomorrow, not at once', async () => {
    const bot = boot();
    await bot.store.subscriptions.setBrief(sub(BERLIN, '07:30', 'Europe/Berlin', utc('2026-01-15T07:00:00Z')));
    await bot.minute(utc('2026-01-15T07:01:00Z'));
    expect(bot.telegram.sends, 'today’s 06:30 UTC was before the chat subscribed').toHaveLength(0);
    const next = await bot.minute(utc('2026-01-16T06:30:00Z'));
    expect(next.delivery.sent, 'the next local day').toEqual(['brief:telegram:1001:2026-01-16']);
  });

  it('a late-evening brief is still sent by a tick just after local midnight (local yesterday)', async () => {
    const bot = boot();
    await subscribeBerlin(bot.store, '23:50');
    const { tick } = await bot.minute(utc('2026-01-15T23:05:00Z')); // 00:05 on the 16th in Berlin
    expect(tick.queued, 'the 15th’s brief keyed by its own local date').toEqual([KEY_JAN15]);
    expect((await bot.store.outbox.get(KEY_JAN15))?.dueAt, 'due at 23:50 CET = 22:50 UTC').toBe(utc('2026-01-15T22:50:00Z'));
  });
});

describe('GIVEN the bot was down across the due time (the tick at start)', () => {
  it('within the grace window: sends once', async () => {
    const bot = boot();
    await subscribeBerlin(bot.store);
    const atStart = await bot.minute(utc('2026-01-15T08:30:00Z')); // exactly 120 minutes late
    await bot.minute(utc('2026-01-15T08:31:00Z'));
    expect(atStart.delivery.sent, 'due 06:30 UTC, 120 minutes is still within grace').toEqual([KEY_JAN15]);
    expect(bot.telegram.sends, 'and only once').toHaveLength(1);
  });

  it('past the grace window: records skipped-late and sends nothing', async () => {
    const bot = boot();
    await subscribeBerlin(bot.store);
    const atStart = await bot.minute(utc('2026-01-15T08:31:00Z'));
    const next = await bot.minute(utc('2026-01-15T08:32:00Z'));
    expect(atStart.tick.skippedLate, '121 minutes late').toEqual([KEY_JAN15]);
    expect(next.tick.skippedLate, 'recorded once').toEqual([]);
    expect(bot.telegram.sends, 'a brief hours late is noise: not sent').toHaveLength(0);
    const row = await bot.store.outbox.get(KEY_JAN15);
    expect(row?.status, 'recorded so it is never sent later').toBe('skipped-late');
    expect(row?.detail, 'the row says why').toBe('due more than 120 minutes before the bot could send it');
    expect(row?.dueAt, 'and when it was due').toBe(utc('2026-01-15T06:30:00Z'));
  });

  it('honours a shorter BRIEF_GRACE_MINUTES', async () => {
    const bot = boot(createMemoryStore(), 10);
    await subscribeBerlin(bot.store);
    await bot.minute(utc('2026-01-15T06:41:00Z'));
    expect(bot.telegram.sends, '11 minutes late with a 10-minute grace').toHaveLength(0);
    expect((await bot.store.outbox.get(KEY_JAN15))?.status, 'skipped').toBe('skipped-late');
  });

  it('a row queued in time but not sent before the end of the grace window is given up, not sent late', async () => {
    const store = createMemoryStore();
    await subscribeBerlin(store);
    await boot(store).scheduler.tick(utc('2026-01-15T06:30:00Z')); // queued, then the process died before sending
    const bot = boot(store);
    const { delivery } = await bot.minute(utc('2026-01-15T08:31:00Z'));
    expect(delivery.failed, 'past its expiresAt (due + 120 min)').toEqual([KEY_JAN15]);
    expect(bot.telegram.sends, 'too late to send').toHaveLength(0);
    const row = await store.outbox.get(KEY_JAN15);
    expect([row?.status, row?.detail], 'the row says why').toEqual(['failed', 'gave up at the end of the grace window (last: no attempt succeeded in time)']);
  });
});

describe('GIVEN a process crashed while sending (its claim is left on the row)', () => {
  /** The dead process queued the brief and claimed it, then died before recording any outcome. */
  async function crashedMidSend(assets = ['BTC']) {
    const store = createMemoryStore();
    await store.subscriptions.setBrief(sub(BERLIN, '07:30', 'Europe/Berlin', utc('2026-01-14T12:00:00Z'), assets));
    await boot(store).scheduler.tick(utc('2026-01-15T06:30:00Z'));
    const claimed = await store.outbox.claim({ owner: 'dead-process', now: utc('2026-01-15T06:30:00Z'), leaseMs: 60_000, limit: 10, platforms: ['telegram'] });
    expect(claimed.map((r) => r.key), 'the dead process held the row').toEqual([KEY_JAN15]);
    return store;
  }

  it('on a shared store: taken over once the lease lapses, not before, and re-sent once (the documented at-most-one-duplicate case)', async () => {
    const store = await crashedMidSend();
    const bot = boot(store);
    // The chat may or may not have the brief; neither platform can tell us, so a duplicate is preferred to a miss.
    const during = await bot.minute(utc('2026-01-15T06:31:00Z'));
    expect(during.delivery.sent, 'a live lease may be a live sender still sending: left alone').toEqual([]);
    const after = await bot.minute(utc('2026-01-15T06:31:01Z'));
    expect(after.tick.queued, 'the scheduler never queues it twice').toEqual([]);
    expect(after.delivery.sent, 're-sent once the 60 s lease has lapsed').toEqual([KEY_JAN15]);
    await bot.minute(utc('2026-01-15T06:40:00Z'));
    expect(bot.telegram.sends, 'exactly once more').toHaveLength(1);
    expect((await store.outbox.get(KEY_JAN15))?.status, 'and finished').toBe('sent');
  });

  it('on a single-process store: the claims released at start (as bot/main.ts does) are re-sent at once', async () => {
    const store = await crashedMidSend();
    expect(await store.outbox.releaseClaims(null), 'one claim released').toBe(1);
    const bot = boot(store);
    const { delivery } = await bot.minute(utc('2026-01-15T06:30:10Z'));
    expect(delivery.sent, 'no wait for the dead lease').toEqual([KEY_JAN15]);
    expect(bot.telegram.sends, 'once').toHaveLength(1);
  });

  it('the parts recorded before the crash are not sent again: only the one in flight can be a duplicate', async () => {
    const store = await crashedMidSend(['BTC', 'ETH', 'SOL']);
    await store.outbox.progress(KEY_JAN15, 'dead-process', { partsSent: 1, messageIds: ['old-1'], now: utc('2026-01-15T06:30:01Z') });
    await store.outbox.releaseClaims(null);
    const bot = boot(store);
    await bot.minute(utc('2026-01-15T06:31:00Z'));
    expect(bot.telegram.delivered('1001'), 'BTC went out before the crash').toEqual(['ETH daily brief', 'SOL daily brief']);
    const row = await store.outbox.get(KEY_JAN15);
    expect([row?.status, row?.partsSent, row?.messageIds], 'every message id of the brief is on the row').toEqual(['sent', 3, ['old-1', 'm1', 'm2']]);
  });

  it('a claimed row found after the grace window is closed as failed, not sent', async () => {
    const store = await crashedMidSend();
    const bot = boot(store);
    await bot.minute(utc('2026-01-15T12:00:00Z'));
    expect(bot.telegram.sends, 'too late to re-send').toHaveLength(0);
    expect((await store.outbox.get(KEY_JAN15))?.status, 'no longer pending').toBe('failed');
  });
});

describe('GIVEN ticks that overlap', () => {
  it('a tick started while the previous one still runs does nothing', async () => {
    const bot = boot();
    await subscribeBerlin(bot.store);
    const release = bot.producer.hold();
    const first = bot.scheduler.tick(utc('2026-01-15T06:30:00Z'));
    const second = await bot.scheduler.tick(utc('2026-01-15T06:31:00Z'));
    release();
    expect(second.busy, 'skipped while the first is still producing the brief').toBe(true);
    expect((await first).queued, 'the first one queues it').toEqual([KEY_JAN15]);
    await bot.sender.drain(utc('2026-01-15T06:31:00Z'));
    expect(bot.telegram.sends, 'once').toHaveLength(1);
  });

  it('two processes on one store: the unique row lets only one queue it, the claim lets only one send it', async () => {
    const store = createMemoryStore();
    await subscribeBerlin(store);
    const a = boot(store);
    const b = boot(store);
    const releaseProducers = [a.producer.hold(), b.producer.hold()];
    const ticks = Promise.all([a.scheduler.tick(utc('2026-01-15T06:30:00Z')), b.scheduler.tick(utc('2026-01-15T06:30:00Z'))]);
    await new Promise((r) => setImmediate(r));
    for (const release of releaseProducers) release();
    const queued = (await ticks).flatMap((r) => r.queued);
    expect(queued, 'exactly one of them inserted the row').toEqual([KEY_JAN15]);

    const releaseSends = [a.telegram.hold(), b.telegram.hold()];
    const drains = Promise.all([a.sender.drain(utc('2026-01-15T06:30:00Z')), b.sender.drain(utc('2026-01-15T06:30:00Z'))]);
    await new Promise((r) => setImmediate(r));
    for (const release of releaseSends) release();
    expect((await drains).flatMap((r) => r.sent), 'exactly one of them sent it').toEqual([KEY_JAN15]);
    expect(a.telegram.sends.length + b.telegram.sends.length, 'one message in all').toBe(1);
  });
});
