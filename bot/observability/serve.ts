/**
 * HEALTH_PORT, as the composition root wires it: the health checks of the running parts (each
 * platform's connection, the store, the market data) and the server for /healthz and /metrics.
 */
import type { Logger, Market, Platform, Store } from '../../core/ports.js';
import { createHealth, marketCheck, storeCheck, type Health, type HealthCheck } from './health.js';
import type { PromMetrics } from './metrics.js';
import { startHealthServer, type HealthServer } from './server.js';

export interface ObservabilityOptions {
  port: number;
  host?: string;
  metrics: PromMetrics;
  logger: Logger;
  redact: (text: string) => string;
  store: Store;
  market: Market;
  now: () => number;
  /** The connection check of each platform this instance serves (an adapter's health()). */
  platforms: Partial<Record<Platform, HealthCheck>>;
  /** Read when no market data is recent (the bot's default asset). */
  probeAsset: string;
  /** HEALTH_MARKET_MAX_AGE_SECONDS, in ms. */
  maxMarketAgeMs: number;
  /** Each check's time limit. */
  timeoutMs?: number;
}

export interface Observability {
  /** Checks can be added or replaced later (e.g. a follower that does not poll Telegram). */
  health: Health;
  server: HealthServer;
}

export async function serveObservability(o: ObservabilityOptions): Promise<Observability> {
  const health = createHealth(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs });
  const platforms = Object.keys(o.platforms) as Platform[];
  for (const p of platforms) health.set(p, o.platforms[p]!);
  health.set('store', storeCheck(o.store.outbox));
  health.set('market', marketCheck({ market: o.market, now: o.now, snapshots: o.metrics.marketDataTimes, probeAsset: o.probeAsset, maxAgeMs: o.maxMarketAgeMs }));
  o.metrics.watchOutbox(o.store.outbox, platforms);
  const server = await startHealthServer({
    port: o.port,
    ...(o.host === undefined ? {} : { host: o.host }),
    health,
    metrics: o.metrics,
    logger: o.logger,
    redact: o.redact,
  });
  return { health, server };
}
