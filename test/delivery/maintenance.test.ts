/**
 * Pruning the outbox: ended rows outlive every producer's look-back, so nothing pruned is ever
 * queued again, and the database does not grow with every brief sent.
 */
import { describe, expect, it } from 'vitest';
import { createPruner, KEEP_ENDED_MS } from '../../bot/delivery/maintenance.js';
import { createSender } from '../../bot/delivery/sender.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { createBriefScheduler } from '../../bot/scheduler/briefs.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import { createFakeMessenger, createProducer, sub, tg, utc } from '../scheduler/fakes.js';

describe('GIVEN a daily brief sent every morning for ten days', () => {
  it('keeps three days of ended rows, never sends a pruned day again, and prunes at most hourly', async () => {
    const store = createMemoryStore();
    const logger = createMemoryLogger();
    const telegram = createFakeMessenger('telegram');
    const clock = { now: () => { throw new Error('now is passed explicitly'); } };
    const scheduler = createBriefScheduler({ store, platforms: ['telegram'], produceBrief: createProducer().produce, clock, logger, graceMinutes: 120 });
    const sender = createSender({ store, messengers: { telegram }, clock, logger });
    const prune = createPruner({ store, logger });
    await store.subscriptions.setBrief(sub(tg('1001'), '08:00', 'UTC', utc('2026-03-01T00:00:00Z')));

    let pruned = 0;
    for (let day = 1; day <= 10; day++) {
      for (const hhmm of ['08:00', '08:01', '09:30', '23:59']) {
        const now = utc(`2026-03-${String(day).padStart(2, '0')}T${hhmm}:00Z`);
        await scheduler.tick(now);
        await sender.drain(now);
        pruned += await prune(now);
      }
    }
    expect(telegram.delivered('1001'), 'one brief a day, none repeated after its row was pruned').toHaveLength(10);
    const days = (await store.outbox.list()).map((r) => r.slot).sort();
    expect(days, `rows older than ${KEEP_ENDED_MS / 86_400_000} days are gone`).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
    expect(pruned, 'seven rows and the payloads only they used').toBeGreaterThanOrEqual(7);
    expect(await prune(utc('2026-03-10T23:59:30Z')), 'within the hour: not again').toBe(0);
  });
});
