/** HistoryStore: daily series, upserted by day, read back in day order. */
import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from '../../../core/types.js';
import { useStore } from './harness.js';
import type { StoreFactory } from './harness.js';

const point = (day: string, series: HistoryPoint['series'], value: number, asset = 'BTC'): HistoryPoint => ({ venue: 'binance', asset, series, day, value });

export function historyContract(name: string, factory: StoreFactory): void {
  describe(`HistoryStore contract: ${name}`, () => {
    const t = useStore(factory);
    const history = () => t.store.history;

    it('returns points ordered by day whatever the insertion order, from the given day on', async () => {
      // Real Binance BTCUSDT spot closes (test/fixtures/data/btc_spot_daily.csv, 2024-01-01..03).
      await history().putHistory([point('2024-01-03', 'spot', 42836.27), point('2024-01-01', 'spot', 44179.55), point('2024-01-02', 'spot', 44946.91)]);
      await history().putHistory([point('2024-01-02', 'funding', 0.0003)]);
      const all = await history().loadHistory('binance', 'BTC', '2024-01-01');
      expect(all.map((p) => `${p.day} ${p.series}`), 'oldest day first; within a day by series').toEqual([
        '2024-01-01 spot',
        '2024-01-02 funding',
        '2024-01-02 spot',
        '2024-01-03 spot',
      ]);
      const later = await history().loadHistory('binance', 'BTC', '2024-01-02');
      expect(later.map((p) => p.day), 'fromDay is inclusive and earlier days are left out').toEqual(['2024-01-02', '2024-01-02', '2024-01-03']);
      expect(later[1], 'values round-trip as numbers').toEqual(point('2024-01-02', 'spot', 44946.91));
    });

    it('overwrites a repeated day instead of failing, so a top-up may overlap what is stored', async () => {
      await history().putHistory([point('2024-01-01', 'spot', 1), point('2024-01-02', 'spot', 2)]);
      await history().putHistory([point('2024-01-02', 'spot', 44946.91), point('2024-01-03', 'spot', 42836.27)]);
      const rows = await history().loadHistory('binance', 'BTC', '2000-01-01');
      expect(rows.map((p) => p.value), 'the later write of 2024-01-02 wins and no day is doubled').toEqual([1, 44946.91, 42836.27]);
    });

    it('keeps venues, assets and series apart, and knows the last stored day of each series', async () => {
      expect(await history().lastHistoryDay('binance', 'BTC', 'spot'), 'nothing stored yet').toBeNull();
      await history().putHistory([
        point('2024-01-01', 'spot', 1),
        point('2024-03-01', 'spot', 2),
        point('2024-02-01', 'spot', 3),
        point('2024-05-01', 'oi_usd', 4),
        point('2024-06-01', 'spot', 5, 'ETH'),
        { venue: 'okx', asset: 'BTC', series: 'spot', day: '2024-07-01', value: 6 },
      ]);
      expect(await history().lastHistoryDay('binance', 'BTC', 'spot'), 'the latest day, not the latest written').toBe('2024-03-01');
      expect(await history().lastHistoryDay('binance', 'BTC', 'oi_usd')).toBe('2024-05-01');
      expect(await history().lastHistoryDay('binance', 'ETH', 'spot')).toBe('2024-06-01');
      expect(await history().lastHistoryDay('binance', 'BTC', 'funding')).toBeNull();
      const btc = await history().loadHistory('binance', 'BTC', '2000-01-01');
      expect(btc.every((p) => p.asset === 'BTC' && p.venue === 'binance'), 'no ETH or okx rows leak in').toBe(true);
      expect(btc).toHaveLength(4);
    });

    it('keeps an on-chain source apart from the venues, by its own name and series', async () => {
      // Coin Metrics' documented BTC row for 2026-10-09 (../shared/COINMETRICS.md).
      await history().putHistory([
        { venue: 'coinmetrics', asset: 'BTC', series: 'supply_ex_ntv', day: '2026-10-09', value: 2672865.55765548 },
        { venue: 'coinmetrics', asset: 'BTC', series: 'flow_in_ntv', day: '2026-10-09', value: 27171.07 },
        point('2026-10-09', 'spot', 1),
      ]);
      expect(await history().lastHistoryDay('coinmetrics', 'BTC', 'flow_in_ntv')).toBe('2026-10-09');
      expect(await history().lastHistoryDay('binance', 'BTC', 'flow_in_ntv'), 'a venue has no on-chain series').toBeNull();
      expect((await history().loadHistory('coinmetrics', 'BTC', '2026-01-01')).map((p) => [p.series, p.value]), 'full precision kept').toEqual([
        ['flow_in_ntv', 27171.07],
        ['supply_ex_ntv', 2672865.55765548],
      ]);
      expect((await history().loadHistory('binance', 'BTC', '2026-01-01')).map((p) => p.series)).toEqual(['spot']);
    });

    it('stores a large batch (two years of six series) in one call', async () => {
      const points: HistoryPoint[] = [];
      for (let i = 0; i < 730; i++) {
        const day = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
        for (const s of ['spot', 'quarter', 'quarter_expiry', 'premium', 'funding', 'oi_usd'] as const) points.push(point(day, s, i + 0.5));
      }
      await history().putHistory(points);
      const rows = await history().loadHistory('binance', 'BTC', '2025-01-01');
      expect(rows, '730 days from 2024-01-01 (a leap year) leave 364 days in 2025, × 6 series').toHaveLength(364 * 6);
      expect(await history().lastHistoryDay('binance', 'BTC', 'oi_usd')).toBe('2025-12-30');
    });
  });
}
