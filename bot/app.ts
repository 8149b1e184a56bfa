/** Builds the ports and the command dependencies from a validated config. */
import { createCommandRateLimiter } from '../commands/rateLimit.js';
import type { CommandDeps } from '../commands/types.js';
import { noMetrics, type Clock, type Logger, type Metrics, type OnChainProvider, type Store } from '../core/ports.js';
import { createCalibrationCache } from '../commands/calibrations.js';
import { createChartRenderer } from './chart/render.js';
import type { Config } from './config.js';
import { createCcxtVenue } from './market/ccxtVenue.js';
import { defaultRetryPolicy } from './market/retry.js';
import { COMMUNITY_BASE, createCoinMetricsClient, PRO_BASE } from './onchain/client.js';
import { COMMUNITY_ATTRIBUTION, createCoinMetricsProvider } from './onchain/provider.js';
import { createMarketService } from './market/service.js';
import { openStore } from './store/open.js';

export const systemClock: Clock = { now: () => Date.now() };

export async function buildDeps(config: Config, logger: Logger, clock: Clock = systemClock, metrics: Metrics = noMetrics): Promise<CommandDeps> {
  const store = await openStore(config.databaseUrl, logger);
  const venues = config.exchanges.map((venue) =>
    createCcxtVenue({ venue, proxyUrl: config.exchangeProxyUrl, timeoutMs: config.exchangeTimeoutMs, logger }),
  );
  const market = createMarketService({ venues, store, clock, logger, metrics, ttlMs: config.marketCacheMs, historyDays: config.historyDays });
  return {
    market,
    metrics,
    store,
    ...(config.onChainProvider === 'coinmetrics' ? { onChain: coinMetrics(config, store, logger, clock) } : {}),
    chart: createChartRenderer(),
    calibrations: createCalibrationCache(),
    clock,
    logger,
    settings: { defaultAsset: config.defaultAsset, band: config.band, historyDays: config.historyDays, alertCooldownMinutes: config.alertCooldownMinutes },
    ...(config.commandRatePerMinute > 0 ? { rateLimit: createCommandRateLimiter(config.commandRatePerMinute) } : {}),
  };
}

/** Coin Metrics: the paid host with a key, the community host without, or the configured base. */
function coinMetrics(config: Config, store: Store, logger: Logger, clock: Clock): OnChainProvider {
  const client = createCoinMetricsClient({
    baseUrl: config.coinMetricsApiBase ?? (config.coinMetricsApiKey ? PRO_BASE : COMMUNITY_BASE),
    apiKey: config.coinMetricsApiKey,
    timeoutMs: 20_000,
    // A 429 waits X-RateLimit-Reset (a 6-second window on the community host); 5xx back off to 15 s.
    retry: { ...defaultRetryPolicy(), attempts: 4, baseMs: 1_000, capMs: 15_000, maxRetryAfterMs: 60_000 },
  });
  const attribution = config.coinMetricsApiKey ? null : COMMUNITY_ATTRIBUTION;
  return createCoinMetricsProvider({ client, history: store.history, clock, logger, historyDays: config.historyDays, attribution });
}
