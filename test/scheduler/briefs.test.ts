/**
 * When a daily brief goes out, and that it goes out once: repeated ticks, a restart (a second
 * scheduler on the same store), downtime across the due time, a crash mid-send, overlapping ticks.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../bot/store/memory.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { createBriefScheduler } from '../../bot/scheduler/briefs.js';
import type { Store } from '../../core/ports.js';
import { createFakeMessenger, createProducer, sub, tg, utc } from './fakes.js';

function setup(store: Store = createMemoryStore(), graceMinutes?: number) {
  const telegram = createFakeMessenger('telegram');
  const producer = createProducer();
  const logger = createMemoryLogger();
  const scheduler = createBriefScheduler({
    store,
    messengers: { telegram },
    produceBrief: producer.produce,
    clock: { now: () => { throw new Error('tests pass `now` explicitly'); } },
    logger,
    ...(graceMinutes === undefined ? {} : { graceMinutes }),
  });
  return { store, telegram, producer, logger, scheduler };
}

const BERLIN = tg('1001');
const KEY_JAN15 = 'brief:telegram:1001:2026-01-15';

describe('GIVEN a chat subscribed to the 07:30 Europe/Berlin brief', () => {
  it('in winter (CET): nothing at 06:29 UTC, one brief at 06:30 UTC, and no second copy from later ticks or a restart', async () => {
    const { store, telegram, scheduler } = setup();
    await store.setBrief(sub(BERLIN, '07:30', 'Europe/Berlin', utc('2026-01-14T12:00:00Z')));

    await scheduler.tick(utc('2026-01-15T06:29:00Z'));
    expect(telegram.sends, '06:29 UTC is 07:29 in Berlin: not yet').toHaveLength(0);

    const report = await scheduler.tick(utc('2026-01-15T06:30:00Z'));
    expect(report.sent, 'due at 07:30 CET = 06:30 UTC').toEqual([KEY_JAN15]);
    expect(telegram.delivered('1001'), 'one message for the one asset').toEqual(['BTC daily brief']);

    for (const t of ['06:31', '06:45', '08:00', '23:59']) await scheduler.tick(utc(`2026-01-15T${t}:00Z`));
    const restarted = setup(store).scheduler;
    await restarted.catchUp(utc('2026-01-15T07:00:00Z'));
    await restarted.tick(utc('2026-01-15T07:01:00Z'));
    expect(telegram.sends, 'later ticks and a restarted scheduler find the ledger row').toHaveLength(1);
    expect((await store.getDelivery(KEY_JAN15))?.status, 'the ledger records it').toBe('sent');
  });

  it('in summer (CEST): due at 05:30 UTC', async () => {
    const { store, telegram, scheduler } = setup();
    await store.setBrief(sub(BERLIN, '07:30', 'Europe/Berlin', utc('2026-07-01T00:00:00Z')));
    await scheduler.tick(utc('2026-07-15T05:29:00Z'));
    expect(telegram.sends, 'one minute early').toHaveLength(0);
    await scheduler.tick(utc('2026-07-15T05:30:00Z'));
    await scheduler.tick(utc('2026-07-15T05:35:00Z'));
    expect(telegram.delivered('1001'), '07:30 CEST = 05:30 UTC, once').toEqual(['BTC daily brief']);
  });

  it('a tick that comes late (a stalled event loop) still sends, once', async () => {
    const { store, telegram, scheduler } = setup();
    await store.setBrief(sub(BERLIN, '07:30', 'Europe/Berlin', utc('2026-01-14T12:00:00Z')));
    await scheduler.tick(utc('2026-01-15T06:10:00Z'));
    await scheduler.tick(utc('2026-01-15T06:57:00Z'));
    await scheduler.tick(utc('2026-01-15T06:58:00Z'));
    expect(telegram.sends, '27 minutes late is within the 120-minute grace').toHaveLength(1);
  });

  it('a subscription made after today’s time gets its first brief tomorrow, not at once', async () => {
    const { store, telegram, scheduler } = setup();
    await store.setBrief(sub(BERLIN, '07:30', 'Europe/Berlin', utc('2026-01-15T07:00:00Z')));
    await scheduler.tick(utc('2026-01-15T07:01:00Z'));
    expect(telegram.sends, 'today’s 06:30 UTC was before the chat subscribed').toHaveLength(0);
    const report = await scheduler.tick(utc('2026-01-16T06:30:00Z'));
    expect(report.sent, 'the next local day').toEqual(['brief:telegram:1001:2026-01-16']);
  });

  it('a late-evening brief is still sent by a tick just after local midnight (local yesterday)', async () => {
    const { store, scheduler } = setup();
    await store.setBrief(sub(BERLIN, '23:50', 'Europe/Berlin', utc('2026-01-14T12:00:00Z')));
    const report = await scheduler.tick(utc('2026-01-15T23:05:00Z')); // 00:05 on the 16th in Berlin
    expect(report.sent, 'the 15th’s brief (due 22:50 UTC) keyed by its own local date').toEqual([KEY_JAN15]);
  });
});

describe('GIVEN the bot was down across the due time (catch-up at start)', () => {
  const subscribe = (store: Store) => store.setBrief(sub(BERLIN, '07:30', 'Europe/Berlin', utc('2026-01-14T12:00:00Z')));

  it('within the grace window: sends once', async () => {
    const { store, telegram, scheduler } = setup();
    await subscribe(store);
    const report = await scheduler.catchUp(utc('2026-01-15T08:30:00Z')); // exactly 120 minutes late
    await scheduler.tick(utc('2026-01-15T08:31:00Z'));
    expect(report.sent, 'due 06:30 UTC, 120 minutes is still within grace').toEqual([KEY_JAN15]);
    expect(telegram.sends, 'and only once').toHaveLength(1);
  });

  it('past the grace window: records skipped-late and sends nothing', async () => {
    const { store, telegram, scheduler } = setup();
    await subscribe(store);
    const report = await scheduler.catchUp(utc('2026-01-15T08:31:00Z'));
    await scheduler.tick(utc('2026-01-15T08:32:00Z'));
    expect(report.skippedLate, '121 minutes late').toEqual([KEY_JAN15]);
    expect(telegram.sends, 'a brief hours late is noise: not sent').toHaveLength(0);
    const row = await store.getDelivery(KEY_JAN15);
    expect(row?.status, 'recorded so it is never sent later').toBe('skipped-late');
    expect(row?.detail, 'the row says why').toContain('2026-01-15T06:30:00.000Z');
  });

  it('honours a shorter BRIEF_GRACE_MINUTES', async () => {
    const { store, telegram, scheduler } = setup(createMemoryStore(), 10);
    await subscribe(store);
    await scheduler.catchUp(utc('2026-01-15T06:41:00Z'));
    expect(telegram.sends, '11 minutes late with a 10-minute grace').toHaveLength(0);
    expect((await store.getDelivery(KEY_JAN15))?.status, 'skipped').toBe('skipped-late');
  });

  it('a pending row left by a crash mid-send is re-sent once: the documented at-most-one-duplicate case', async () => {
    const store = createMemoryStore();
    await subscribe(store);
    // The previous process claimed the row and died before recording the outcome: the chat may or
    // may not have the brief. Neither platform can tell us, so we prefer a duplicate to a miss.
    await store.claimDelivery({ key: KEY_JAN15, destination: BERLIN, dueAt: utc('2026-01-15T06:30:00Z'), updatedAt: utc('2026-01-15T06:30:00Z') });

    const { telegram, scheduler, logger } = setup(store);
    const ticked = await scheduler.tick(utc('2026-01-15T06:35:00Z'));
    expect(ticked.sent, 'a plain tick leaves pending rows alone: they may be in flight').toEqual([]);
    const report = await scheduler.catchUp(utc('2026-01-15T06:40:00Z'));
    await scheduler.tick(utc('2026-01-15T06:41:00Z'));
    expect(report.sent, 're-sent at start').toEqual([KEY_JAN15]);
    expect(telegram.sends, 'exactly once more').toHaveLength(1);
    expect((await store.getDelivery(KEY_JAN15))?.status, 'and finished').toBe('sent');
    expect(logger.entries.some((e) => e.level === 'warn' && e.fields?.chat === 'telegram:1001'), 'the possible duplicate is logged').toBe(true);
  });

  it('a pending row found after the grace window is closed as failed, not sent', async () => {
    const store = createMemoryStore();
    await subscribe(store);
    await store.claimDelivery({ key: KEY_JAN15, destination: BERLIN, dueAt: utc('2026-01-15T06:30:00Z'), updatedAt: utc('2026-01-15T06:30:00Z') });
    const { telegram, scheduler } = setup(store);
    await scheduler.catchUp(utc('2026-01-15T12:00:00Z'));
    expect(telegram.sends, 'too late to re-send').toHaveLength(0);
    expect((await store.getDelivery(KEY_JAN15))?.status, 'no longer pending').toBe('failed');
  });
});

describe('GIVEN ticks that overlap', () => {
  it('a tick started while the previous one still runs does nothing', async () => {
    const { store, telegram, scheduler } = setup();
    await store.setBrief(sub(BERLIN, '07:30', 'Europe/Berlin', utc('2026-01-14T12:00:00Z')));
    const release = telegram.hold();
    const first = scheduler.tick(utc('2026-01-15T06:30:00Z'));
    const second = await scheduler.tick(utc('2026-01-15T06:31:00Z'));
    release();
    expect(second.busy, 'skipped while the first is still sending').toBe(true);
    expect((await first).sent, 'the first one sends').toEqual([KEY_JAN15]);
    expect(telegram.sends, 'once').toHaveLength(1);
  });

  it('two schedulers (two processes) on one store: the ledger claim lets only one send', async () => {
    const store = createMemoryStore();
    await store.setBrief(sub(BERLIN, '07:30', 'Europe/Berlin', utc('2026-01-14T12:00:00Z')));
    const a = setup(store);
    const b = setup(store);
    const releaseA = a.telegram.hold();
    const releaseB = b.telegram.hold();
    const both = Promise.all([a.scheduler.tick(utc('2026-01-15T06:30:00Z')), b.scheduler.tick(utc('2026-01-15T06:30:00Z'))]);
    await new Promise((r) => setImmediate(r));
    releaseA();
    releaseB();
    await both;
    expect(a.telegram.sends.length + b.telegram.sends.length, 'exactly one of them sent').toBe(1);
  });
});
