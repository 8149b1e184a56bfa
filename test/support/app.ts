/**
 * Command dependencies for tests: the real in-memory store, a settable clock, the fixture market
 * and the real chart renderer. Platform suites build their adapters on top of this.
 */
import { createChartRenderer } from '../../bot/chart/render.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import type { CommandDeps } from '../../commands/types.js';
import type { Clock, Market, Store } from '../../core/ports.js';
import { createCalibrationCache } from '../../commands/calibrations.js';
import { createFixtureMarket } from './fixtureMarket.js';

export interface MutableClock extends Clock {
  set(ms: number | string): void;
  advance(ms: number): void;
}

export function createMutableClock(start: number | string): MutableClock {
  let t = typeof start === 'string' ? Date.parse(start) : start;
  return {
    now: () => t,
    set: (ms) => void (t = typeof ms === 'string' ? Date.parse(ms) : ms),
    advance: (ms) => void (t += ms),
  };
}

/** The fixtures' futures data end on 2026-07-31; the default clock sits the day after. */
export const FIXTURE_NOW = '2026-08-01T09:00:00Z';

let renderer: ReturnType<typeof createChartRenderer> | null = null;

export async function createTestDeps(
  opts: { now?: number | string; store?: Store; market?: Market } = {},
): Promise<CommandDeps & { clock: MutableClock; logger: ReturnType<typeof createMemoryLogger> }> {
  const clock = createMutableClock(opts.now ?? FIXTURE_NOW);
  renderer ??= createChartRenderer();
  return {
    market: opts.market ?? createFixtureMarket(clock),
    store: opts.store ?? createMemoryStore(),
    chart: renderer,
    calibrations: createCalibrationCache(),
    clock,
    logger: createMemoryLogger(),
    settings: { defaultAsset: 'BTC', band: [0, 0.02], historyDays: 1500, alertCooldownMinutes: 240 },
  };
}
