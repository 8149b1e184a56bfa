/**
 * The Coin Metrics provider as app.ts builds it, against the fake API on 127.0.0.1 through its
 * base URL, on the real in-memory store. Sleeping is faked: a wait is recorded and moves the fake's
 * rate-limit clock, so a 429's X-RateLimit-Reset is honoured without the test waiting for it.
 */
import { createMemoryLogger } from '../../bot/logger.js';
import type { RetryPolicy } from '../../bot/market/retry.js';
import { createCoinMetricsClient } from '../../bot/onchain/client.js';
import { COMMUNITY_ATTRIBUTION, createCoinMetricsProvider } from '../../bot/onchain/provider.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import type { Store } from '../../core/ports.js';
import { createMutableClock, type MutableClock } from '../support/app.js';
import type { FakeCoinMetrics } from '../fakes/fakeCoinMetrics.js';

export interface Harness {
  clock: MutableClock;
  store: Store;
  logger: ReturnType<typeof createMemoryLogger>;
  /** Every wait the client asked for, in ms. */
  waits: number[];
  provider: ReturnType<typeof createCoinMetricsProvider>;
  /** A second provider on the same store: a restart. */
  restart(): ReturnType<typeof createCoinMetricsProvider>;
}

export interface HarnessOptions {
  now: string;
  timeoutMs?: number;
  apiKey?: string;
  historyDays?: number;
  /** Shared with the command dependencies, when the provider runs inside a command test. */
  clock?: MutableClock;
  store?: Store;
  logger?: ReturnType<typeof createMemoryLogger>;
}

export function harness(fake: FakeCoinMetrics, opts: HarnessOptions): Harness {
  const clock = opts.clock ?? createMutableClock(opts.now);
  const store = opts.store ?? createMemoryStore();
  const logger = opts.logger ?? createMemoryLogger();
  const waits: number[] = [];
  let slept = 0;
  fake.limiterNow = () => clock.now() + slept;
  const retry: RetryPolicy = {
    attempts: 4,
    baseMs: 1_000,
    capMs: 15_000,
    maxRetryAfterMs: 60_000,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
      slept += ms;
    },
  };
  const make = () =>
    createCoinMetricsProvider({
      client: createCoinMetricsClient({ baseUrl: fake.base, apiKey: opts.apiKey, timeoutMs: opts.timeoutMs ?? 2_000, retry }),
      history: store.history,
      clock,
      logger,
      historyDays: opts.historyDays ?? 730,
      attribution: opts.apiKey ? null : COMMUNITY_ATTRIBUTION,
    });
  return { clock, store, logger, waits, provider: make(), restart: make };
}
