/**
 * Market-data costs: exchange requests made by 1,000 concurrent /basis commands (the whole command:
 * quote, history, analysis, chart) with a cold and a warm cache, against the fake exchange through
 * real ccxt, and the time to load the default 1,500 days of history from a SQLite file store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChartRenderer } from '../../bot/chart/render.js';
import { createCcxtVenue } from '../../bot/market/ccxtVenue.js';
import { createMarketService } from '../../bot/market/service.js';
import { openStore } from '../../bot/store/open.js';
import { parseCommandText, runCommand } from '../../commands/dispatch.js';
import { createCalibrationCache } from '../../commands/calibrations.js';
import { registry } from '../../commands/registry.js';
import type { CommandDeps } from '../../commands/types.js';
import type { Logger } from '../../core/ports.js';
import { startFakeExchange } from '../fakes/fakeExchange.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
/** The HISTORY_DAYS default. */
const DAYS = 1500;

export async function benchMarket(): Promise<string[]> {
  const fake = await startFakeExchange(Date.parse('2025-12-01T12:00:00Z'));
  const dir = mkdtempSync(join(tmpdir(), 'basisbot-bench-'));
  const store = await openStore(`file:${join(dir, 'bench.db')}`);
  const clock = { now: () => fake.now };
  const make = () =>
    createMarketService({
      venues: [createCcxtVenue({ venue: 'binance', proxyUrl: fake.proxyUrl, timeoutMs: 5_000, logger: quiet, now: clock.now })],
      store, clock, logger: quiet, ttlMs: 30_000, historyDays: DAYS,
    });
  const lines: string[] = [];
  try {
    const market = make();
    const deps: CommandDeps = {
      market, store, clock, logger: quiet, chart: createChartRenderer(),
      // As bot/app.ts wires it: one replay per asset per day, not one per command.
      calibrations: createCalibrationCache(),
      settings: { defaultAsset: 'BTC', band: [0, 0.02], historyDays: DAYS, alertCooldownMinutes: 240 },
    };
    const ctx = { destination: { platform: 'console' as const, chatId: 'bench' }, chatKind: 'private' as const, isAdmin: async () => true, now: fake.now };
    const burst = async (label: string) => {
      fake.resetCounts();
      const t0 = performance.now();
      const replies = await Promise.all(Array.from({ length: 1000 }, () => runCommand(registry, parseCommandText('/basis BTC')!, ctx, deps)));
      const ms = performance.now() - t0;
      const failed = replies.filter((r) => r.tone === 'error').length;
      const paths = new Set(fake.requests.map((r) => r.path));
      lines.push(`1,000 concurrent /basis BTC, ${label}: ${fake.requests.length} exchange requests (${paths.size} distinct endpoints), ${(ms / 1000).toFixed(1)} s, ${failed} failed`);
    };
    await burst('cold cache (includes the 1,500-day history backfill)');
    await burst('warm cache');

    await market.history('BTC', DAYS); // backfill into SQLite
    const restarted = make();
    await restarted.knownAssets(); // markets loaded, so the timing is the store read alone
    const t0 = performance.now();
    const rows = await restarted.history('BTC', DAYS);
    lines.push(`${DAYS.toLocaleString('en-US')} days of history from the SQLite store: ${rows.length} readings in ${(performance.now() - t0).toFixed(1)} ms`);
  } finally {
    await store.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
