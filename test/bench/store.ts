/**
 * Store bench: two years of daily points for six series in a temp SQLite file, then the median
 * time of loadHistory over 400 days — what /basis pays on a cache miss.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../bot/store/open.js';
import type { HistoryPoint, SeriesName } from '../../core/types.js';

const SERIES: SeriesName[] = ['spot', 'quarter', 'quarter_expiry', 'premium', 'funding', 'oi_usd'];
const DAY_MS = 86_400_000;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchStore(runs = 21): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'basisbot-bench-'));
  try {
    const store = await openSqliteStore(join(dir, 'bench.db'));
    const start = Date.UTC(2024, 7, 1);
    const points: HistoryPoint[] = [];
    for (let i = 0; i < 730; i++) {
      const day = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
      for (const series of SERIES) points.push({ venue: 'binance', asset: 'BTC', series, day, value: 60_000 + i });
    }
    let t = performance.now();
    await store.history.putHistory(points);
    const writeMs = performance.now() - t;
    const from = new Date(start + 330 * DAY_MS).toISOString().slice(0, 10); // leaves 400 days
    const times: number[] = [];
    let rows = 0;
    for (let r = 0; r < runs; r++) {
      t = performance.now();
      rows = (await store.history.loadHistory('binance', 'BTC', from)).length;
      times.push(performance.now() - t);
    }
    await store.close();
    return [
      `SQLite write of ${points.length} points (730 days × ${SERIES.length} series): ${writeMs.toFixed(1)} ms`,
      `SQLite loadHistory, 400 days (${rows} rows): median ${median(times).toFixed(2)} ms over ${runs} runs`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
