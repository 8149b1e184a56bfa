/**
 * The cron ticker over the real node-cron, with vitest's fake timers standing in for the clock
 * (node-cron waits with setTimeout and reads Date): no real waiting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCron } from '../../bot/scheduler/cron.js';
import { createMemoryLogger } from '../../bot/logger.js';

describe('startCron', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-15T06:29:30Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('ticks once at the start of every UTC minute, and not after stop', async () => {
    const ticks: string[] = [];
    const stop = startCron(() => void ticks.push(new Date().toISOString().slice(11, 19)));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(ticks, 'nothing before the minute turns').toEqual([]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(ticks.length, 'two minute boundaries crossed').toBe(2);
    expect(ticks.every((t) => t.endsWith(':00') || t.endsWith(':01')), `at the top of the minute: ${ticks.join(', ')}`).toBe(true);
    stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(ticks.length, 'stopped for good').toBe(2);
  });

  it('does not start a tick while the previous tick’s promise is still pending', async () => {
    let started = 0;
    let finish!: () => void;
    const logger = createMemoryLogger();
    const stop = startCron(
      () => {
        started++;
        return new Promise<void>((r) => (finish = r));
      },
      { logger },
    );
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(started, 'the first tick never finished, so no second one').toBe(1);
    expect(logger.entries.map((e) => e.level), 'each blocked minute is reported through our logger, not the console').toEqual(['warn', 'warn']);
    finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(started, 'after it finished the next minute ticks again').toBe(2);
    stop();
  });
});
