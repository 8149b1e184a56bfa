/**
 * On-chain costs: Coin Metrics requests made when many callers ask for both assets' series at once
 * (the two-year backfill, then the next day's top-up), against the fake Coin Metrics API on
 * 127.0.0.1 through the real provider and fetch, with a SQLite file store; and the time of a warm
 * note with on-chain readings — the cached series, the stored open interest read from SQLite, and
 * signals, regime, note and analogs with the calibration cached (target < 20 ms).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultRetryPolicy } from '../../bot/market/retry.js';
import { createCoinMetricsClient } from '../../bot/onchain/client.js';
import { COMMUNITY_ATTRIBUTION, createCoinMetricsProvider } from '../../bot/onchain/provider.js';
import { openStore } from '../../bot/store/open.js';
import { createCalibrationCache } from '../../commands/calibrations.js';
import { onChainInput, readOnChainSeries } from '../../commands/onchain-view.js';
import { analyze } from '../../core/analysis.js';
import type { Logger } from '../../core/ports.js';
import { flowRows } from '../fakes/coinmetrics/data.js';
import { flipOpenInterest, flipRows } from '../fakes/coinmetrics/scenario.js';
import { startFakeCoinMetrics } from '../fakes/fakeCoinMetrics.js';
import { realHistory } from '../fixtures/history.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const NOW = Date.parse('2026-02-11T09:00:00Z');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

export async function benchOnChain(runs = 100): Promise<string[]> {
  const fake = await startFakeCoinMetrics(NOW);
  fake.setRows('btc', flipRows());
  fake.setRows('eth', flowRows('2023-06-01', '2026-02-10', new Map(), 'eth'));
  const dir = mkdtempSync(join(tmpdir(), 'basisbot-bench-onchain-'));
  const store = await openStore(`file:${join(dir, 'bench.db')}`);
  let now = NOW;
  const clock = { now: () => now };
  const provider = createCoinMetricsProvider({
    client: createCoinMetricsClient({ baseUrl: fake.base, timeoutMs: 10_000, retry: defaultRetryPolicy() }),
    history: store.history,
    clock,
    logger: quiet,
    historyDays: 730,
    attribution: COMMUNITY_ATTRIBUTION,
  });
  const lines: string[] = [];
  try {
    await store.history.putHistory(flipOpenInterest());
    const burst = async (label: string) => {
      const before = fake.count();
      const t0 = performance.now();
      await Promise.all(['BTC', 'ETH'].flatMap((a) => Array.from({ length: 500 }, () => provider.exchangeSeries(a))));
      const ms = performance.now() - t0;
      const asked = fake.requests.slice(before).map((r) => `${r.query.get('assets')} from ${r.query.get('start_time')}`);
      lines.push(`1,000 concurrent reads of BTC and ETH, ${label}: ${asked.length} Coin Metrics requests (${asked.join(', ')}), ${ms.toFixed(0)} ms`);
    };
    await burst('empty store (the 730-day backfill)');
    await burst('within the refresh interval');
    now += 86_400_000;
    fake.now = now;
    await burst('the next day (top-up, last seven days re-fetched)');

    const history = realHistory('2024-02-11', '2026-02-10');
    const band = [0, 0.02] as const;
    const calibrations = createCalibrationCache();
    calibrations.get('BTC', history, band);
    now = NOW; // the note of the flip day, read from the cached series
    const deps = { onChain: provider, logger: quiet, store };
    const note = async () => {
      const read = await readOnChainSeries(deps, 'BTC');
      const onChain = await onChainInput(deps, 'BTC', read!, ['binance']);
      return analyze({ asset: 'BTC', history, snapshot: null, band, onChain, calibration: calibrations.get('BTC', history, band) });
    };
    for (let i = 0; i < 10; i++) await note(); // warm up the JIT
    const times: number[] = [];
    let last = await note();
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      last = await note();
      times.push(performance.now() - t);
    }
    const said = last.note.paragraph.includes('31,200 BTC') && last.signals.onChain?.ratio != null;
    lines.push(
      `warm note with on-chain readings (cached series + stored OI from SQLite + analyze()): ${median(times).toFixed(2)} ms / ${p95(times).toFixed(2)} ms median / p95 over ${runs} (target < 20 ms)${said ? '' : ' — ON-CHAIN SENTENCES MISSING'}`,
    );
  } finally {
    await store.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log((await benchOnChain()).join('\n'));
