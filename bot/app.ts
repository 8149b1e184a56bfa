/** Builds the ports and the command dependencies from a validated config. */
import { createCommandRateLimiter } from '../commands/rateLimit.js';
import type { CommandDeps } from '../commands/types.js';
import { noMetrics, type Clock, type Logger, type Metrics } from '../core/ports.js';
import { createCalibrationCache } from '../commands/calibrations.js';
import { createChartRenderer } from './chart/render.js';
import type { Config } from './config.js';
import { createCcxtVenue } from './market/ccxtVenue.js';
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
    chart: createChartRenderer(),
    calibrations: createCalibrationCache(),
    clock,
    logger,
    settings: { defaultAsset: config.defaultAsset, band: config.band, historyDays: config.historyDays, alertCooldownMinutes: config.alertCooldownMinutes },
    ...(config.commandRatePerMinute > 0 ? { rateLimit: createCommandRateLimiter(config.commandRatePerMinute) } : {}),
  };
}

