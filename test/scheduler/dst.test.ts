/**
 * Two years of daily briefs through every DST change of three zones, driven by a clock stepping
 * fifteen minutes at a time. Every due instant here falls on a multiple of fifteen UTC minutes
 * (offsets are whole hours, or +10:30 / +11 with times at :15, :30, :45), so a brief sent at the
 * right instant is sent at the tick equal to it, and one sent late would show up a tick later.
 * Times are picked to fall in the spring gap, in the autumn repeat, and on an ordinary hour.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../bot/store/memory.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { createBriefScheduler } from '../../bot/scheduler/briefs.js';
import { createSender } from '../../bot/delivery/sender.js';
import { createFakeMessenger, createProducer, sub, tg, utc } from './fakes.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// An oracle independent of core/schedule.ts: Swedish formatting reads 'YYYY-MM-DD HH:MM'.
const walls = new Map<string, Intl.DateTimeFormat>();
function wall(t: number, tz: string): string {
  let f = walls.get(tz);
  if (!f) walls.set(tz, (f = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' })));
  return f.format(t);
}

const CASES = [
  // [zone, time, days on which the time does not exist → the wall time it runs at instead]
  ['America/New_York', '02:30', { '2026-03-08': '03:00', '2027-03-14': '03:00' }],
  ['America/New_York', '01:30', {}], // repeats on 2026-11-01 and 2027-11-07
  ['America/New_York', '07:30', {}],
  ['Europe/London', '01:30', { '2026-03-29': '02:00', '2027-03-28': '02:00' }], // also repeats 25 Oct 2026, 31 Oct 2027
  ['Europe/London', '07:30', {}],
  ['Australia/Lord_Howe', '02:15', { '2026-10-04': '02:30', '2027-10-03': '02:30' }],
  ['Australia/Lord_Howe', '01:45', {}], // repeats on 2026-04-05 and 2027-04-04 (a 30-minute fall-back)
  ['Australia/Lord_Howe', '07:30', {}],
] as const;

describe('daily briefs across two years of DST changes', () => {
  it('sends exactly one brief per local day, each at its due instant (gap: first minute after; repeat: first occurrence)', async () => {
    // Starts after every 2025-12-31 brief and before the first 2026-01-01 one (Lord Howe 01:45 =
    // 14:45Z); ends after the last 2027-12-31 one and before any 2028-01-01 one.
    const start = utc('2025-12-31T13:00:00Z');
    const end = utc('2027-12-31T14:00:00Z');
    const store = createMemoryStore();
    const telegram = createFakeMessenger('telegram');
    const producer = createProducer();
    const sentAt = new Map<string, number[]>(); // chat → tick instants at which it received a brief
    let now = start;
    const clock = { now: () => now };
    const logger = createMemoryLogger();
    // As in bot/main.ts, the sender is woken when rows are queued (nothing here is ever retried).
    let woken = false;
    const scheduler = createBriefScheduler({ store, platforms: ['telegram'], produceBrief: producer.produce, clock, logger, onQueued: () => (woken = true) });
    const sender = createSender({ store, messengers: { telegram }, clock, logger });
    for (const [i, [tz, time]] of CASES.entries()) await store.subscriptions.setBrief(sub(tg(String(i)), time, tz, start));

    for (; now <= end; now += 15 * MINUTE) {
      // Ended rows well outside the scheduler's 36-hour look-back are history: pruned daily, they
      // keep the in-memory claim scan short without changing what is due.
      if (now % DAY === 0) await store.outbox.prune(now - 3 * DAY);
      await scheduler.tick();
      if (!woken) continue;
      woken = false;
      const report = await sender.drain();
      for (const key of report.sent) {
        const chat = key.split(':')[2]!;
        sentAt.set(chat, [...(sentAt.get(chat) ?? []), now]);
      }
    }

    for (const [i, [tz, time, gaps]] of CASES.entries()) {
      const instants = sentAt.get(String(i)) ?? [];
      const label = `${tz} ${time}`;
      expect(instants.length, `${label}: 730 local days in 2026 and 2027, one brief each`).toBe(730);
      const days = instants.map((t) => wall(t, tz).slice(0, 10));
      expect(new Set(days).size, `${label}: never two briefs on one local day`).toBe(730);
      expect([days[0], days.at(-1)], `${label}: from the first to the last day of the run`).toEqual(['2026-01-01', '2027-12-31']);
      for (const [d, t] of days.map((d, k) => [d, instants[k]!] as const)) {
        const expected = (gaps as Record<string, string>)[d] ?? time;
        expect(wall(t, tz), `${label}: on ${d} the brief runs at ${expected} local`).toBe(`${d} ${expected}`);
        // First occurrence: half an hour and an hour earlier the wall clock had not reached it yet.
        expect(wall(t - 30 * MINUTE, tz) < `${d} ${time}`, `${label}: ${d} is not the repeated occurrence (30 min)`).toBe(true);
        expect(wall(t - 60 * MINUTE, tz) < `${d} ${time}`, `${label}: ${d} is not the repeated occurrence (60 min)`).toBe(true);
      }
    }
    expect(telegram.sends.length, 'every send was a brief the outbox recorded sent').toBe(8 * 730);
    expect(await store.outbox.counts(), 'nothing left pending, nothing failed or skipped').toMatchObject({ pending: 0, failed: 0, 'skipped-late': 0 });
  });
});
