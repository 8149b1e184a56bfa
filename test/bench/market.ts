/**
 * Market-data costs: exchange requests for 1,000 concurrent /basis-equivalent snapshots (cold and
 * warm cache, against the fake exchange) and the time to load 400 days of history from a SQLite
 * file store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCcxtVenue } from '../../bot/market/ccxtVenue.js';
import { createMarketService } from '../../bot/market/service.js';
import { openStore } from '../../bot/store/open.js';
import type { Logger } from '../../core/ports.js';
import { startFakeExchange } from '../fakes/fakeExchange.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export async function benchMarket(): Promise<string[]> {
  const fake = await startFakeExchange(Date.parse('2025-12-01T12:00:00Z'));
  const dir = mkdtempSync(join(tmpdir(), 'basisbot-bench-'));
  const store = await openStore(`file:${join(dir, 'bench.db')}`);
  const clock = { now: () => fake.now };
  const make = () =>
    createMarketService({
      venues: [createCcxtVenue({ venue: 'binance', proxyUrl: fake.proxyUrl, timeoutMs: 5_000, logger: quiet, now: clock.now })],
      store, clock, logger: quiet, ttlMs: 30_000, historyDays: 400,
    });
  const lines: string[] = [];
  try {
    const market = make();
    await Promise.all(Array.from({ length: 1000 }, () => market.snapshot('BTC')));
    lines.push(`1,000 concurrent snapshot(BTC), cold cache: ${fake.requests.length} exchange requests`);
    fake.resetCounts();
    await Promise.all(Array.from({ length: 1000 }, () => market.snapshot('BTC')));
    lines.push(`1,000 concurrent snapshot(BTC), warm cache: ${fake.requests.length} exchange requests`);

    await market.history('BTC', 400); // backfill into SQLite
    const restarted = make();
    await restarted.knownAssets(); // markets loaded, so the timing is the store read alone
    const t0 = performance.now();
    const rows = await restarted.history('BTC', 400);
    lines.push(`400 days of history from the SQLite store: ${rows.length} readings in ${(performance.now() - t0).toFixed(1)} ms`);
  } finally {
    await store.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
