/** Shared setup: a fake exchange, a ccxt venue pointed at it, a recording logger and sleep. */
import { createCcxtVenue } from '../../bot/market/ccxtVenue.js';
import { createMarketService } from '../../bot/market/service.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import type { Clock, Logger, Store, VenueMarketData } from '../../core/ports.js';
import type { VenueId } from '../../core/types.js';
import { startFakeExchange, type FakeExchange } from '../fakes/fakeExchange.js';

export interface LogLine { level: string; msg: string; fields?: Record<string, unknown> }

export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, ...(fields ? { fields } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

export interface Rig {
  fake: FakeExchange;
  clock: Clock & { set(ms: number): void };
  logger: ReturnType<typeof recordingLogger>;
  sleep: ReturnType<typeof recordingSleep>;
  venue(id?: VenueId, timeoutMs?: number): VenueMarketData;
  service(venues: VenueMarketData[], store?: Store): ReturnType<typeof createMarketService>;
}

/** The fake's `now` follows the clock, as the real exchange's time follows the real one. */
export async function rig(nowIso: string): Promise<Rig> {
  const fake = await startFakeExchange(Date.parse(nowIso));
  const clock = { now: () => fake.now, set: (ms: number) => void (fake.now = ms) };
  const logger = recordingLogger();
  const sleep = recordingSleep();
  return {
    fake,
    clock,
    logger,
    sleep,
    venue(id: VenueId = 'binance', timeoutMs = 2_000) {
      // The fake answers Binance, OKX and Bybit, each in its own wire format.
      return createCcxtVenue({ venue: id, proxyUrl: fake.proxyUrl, timeoutMs, logger, sleep: sleep.sleep, now: clock.now });
    },
    service(venues, store = createMemoryStore()) {
      return createMarketService({ venues, store, clock, logger, ttlMs: 30_000, historyDays: 400 });
    },
  };
}

/**
 * What OKX and Bybit serve at 2025-12-01 12:00 UTC (their fakes quote the real 4h candles), checked
 * by hand: btc_spot_4h.csv open 86,146.59 (spot last and index), btc_perp_4h.csv open 86,100 (mark),
 * btc_oi_daily.csv 2025-12-01: 90,591.244 BTC (implied).
 */
export const NOON_2025_12_01 = { now: '2025-12-01T12:00:00Z', spot: 86146.59, mark: 86100, oiCoins: 90591.244 } as const;
