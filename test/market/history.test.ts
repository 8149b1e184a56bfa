import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, dayStart } from '../../core/calendar.js';
import { createMarketService } from '../../bot/market/service.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import { FakeData } from '../fakes/exchange/data.js';
import { rig, type Rig } from './helpers.js';

const NOW = Date.parse('2025-12-01T12:00:00Z');
const KLINE_PATHS = ['/api/v3/klines', '/fapi/v1/continuousKlines', '/fapi/v1/premiumIndexKlines', '/fapi/v1/fundingRate', '/futures/data/openInterestHist'];
let r: Rig;
afterEach(async () => r.fake.close());

const startTimes = (path: string) => r.fake.requests.filter((q) => q.path === path).map((q) => new Date(Number(q.query.get('startTime'))).toISOString().slice(0, 10));

describe('history: backfill once, then top up', () => {
  it('GIVEN an empty store WHEN 400 days are asked THEN 400 daily readings end with yesterday', async () => {
    r = await rig('2025-12-01T12:00:00Z');
    const rows = await r.service([r.venue()]).history('BTC', 400);
    expect(rows).toHaveLength(400);
    expect(rows.at(-1)!.day, 'the last complete day').toBe('2025-11-30');
    expect(rows[0]!.day, '399 days earlier').toBe('2024-10-27');
    const mar10 = rows.find((x) => x.day === '2025-03-10')!;
    expect(mar10.spot, 'real spot close').toBe(78595.86);
    expect(mar10.fundingApr, '(0.00003952 + 0.00001344 + 0.00004037) × 365').toBeCloseTo(0.03406545, 9);
    expect(mar10.premium, 'perp 78,567.8 / spot 78,595.86 − 1').toBeCloseTo(-0.000357016, 8);
    // The fake prices the current quarter at apr and the next at apr + 0.5 % (apr = trailing
    // funding APR + 1 %): 17.33 and 108.33 days out, 90 days is w = 72.667 / 91 = 0.798535 of the way.
    const apr = new FakeData().termApr('2025-03-10', false);
    expect(mar10.headlineBasis).toBeCloseTo(apr + 0.798535 * 0.005, 6);
    expect(rows.find((x) => x.day === '2025-11-20')!.openInterestUsd, 'real 2025-11-20 OI value (btc_oi_daily.csv), from the 30-day history endpoint').toBeCloseTo(9_227_186_355.764154, 3);
    expect(r.fake.count('/fapi/v1/continuousKlines', { contractType: 'CURRENT_QUARTER' }), 'one page covers 400 days').toBe(1);
    expect(startTimes('/api/v3/klines')[0], 'the backfill starts at the first day asked for').toBe('2024-10-27');
  });

  it('GIVEN an empty store WHEN 1,500 days are asked THEN they come in as few requests as Binance allows', async () => {
    // 1,500 days hold the 2021–22 cycle. Binance serves 1,000 spot klines a request, 1,500 futures
    // klines (continuous quarterlies, premium index) and 1,000 funding rates (three a day).
    r = await rig('2025-12-01T12:00:00Z');
    const market = createMarketService({ venues: [r.venue()], store: createMemoryStore(), clock: r.clock, logger: r.logger, ttlMs: 30_000, historyDays: 1500 });
    const rows = await market.history('BTC', 1500);
    expect(rows, 'every day from 2021-10-23 to yesterday').toHaveLength(1500);
    expect(rows[0]!.day).toBe('2021-10-23');
    expect(rows.find((x) => x.day === '2022-01-24')!.spot, 'the real 2022-01-24 close, now inside the history').toBe(36660.35);
    expect(r.fake.count('/api/v3/klines'), '1,500 days of spot in pages of 1,000').toBe(2);
    expect(r.fake.count('/fapi/v1/continuousKlines', { contractType: 'CURRENT_QUARTER' }), 'one page of 1,500').toBe(1);
    expect(r.fake.count('/fapi/v1/continuousKlines', { contractType: 'NEXT_QUARTER' })).toBe(1);
    expect(r.fake.count('/fapi/v1/premiumIndexKlines')).toBe(1);
    expect(r.fake.count('/fapi/v1/fundingRate'), '4,500 rates in pages of 1,000, the short fifth page ending it').toBe(5);
  });

  it('GIVEN a filled store WHEN the clock moves 3 days THEN only the 3 new days are fetched, and a restart fetches nothing', async () => {
    r = await rig('2025-12-01T12:00:00Z');
    const store = createMemoryStore();
    await r.service([r.venue()], store).history('BTC', 400);
    r.clock.set(NOW + 3 * DAY_MS);
    r.fake.resetCounts();
    const market = r.service([r.venue()], store);
    const rows = await market.history('BTC', 400);
    expect(rows.at(-1)!.day).toBe('2025-12-03');
    for (const p of ['/api/v3/klines', '/fapi/v1/continuousKlines', '/fapi/v1/premiumIndexKlines']) {
      expect(startTimes(p).every((d) => d === '2025-12-01'), `${p} starts after the last stored day`).toBe(true);
    }
    expect(Number(r.fake.requests.find((q) => q.path === '/fapi/v1/fundingRate')!.query.get('startTime'))).toBe(dayStart('2025-12-01'));

    r.fake.resetCounts();
    const restarted = r.service([r.venue()], store);
    const again = await restarted.history('BTC', 400);
    expect(again, 'the same readings come from the store').toEqual(rows);
    expect(KLINE_PATHS.map((p) => r.fake.count(p)), 'nothing old is refetched').toEqual([0, 0, 0, 0, 0]);
  });

  it('GIVEN XRP, which has no quarterly THEN its history has spot and funding, no basis, and no quarterly klines are asked for', async () => {
    r = await rig('2025-12-01T12:00:00Z');
    const rows = await r.service([r.venue()]).history('XRP', 400);
    expect(rows).toHaveLength(400);
    expect(rows.find((x) => x.day === '2025-03-10')!.spot, 'BTC close × 0.00003 in the fake').toBeCloseTo(78595.86 * 0.00003, 9);
    expect(rows.every((x) => x.headlineBasis === null), 'no dated contract, no term basis').toBe(true);
    expect(rows.every((x) => x.fundingApr !== null)).toBe(true);
    expect(r.fake.count('/fapi/v1/continuousKlines'), 'no request that could only fail').toBe(0);
  });

  it('GIVEN concurrent history calls THEN they share one top-up', async () => {
    r = await rig('2025-12-01T12:00:00Z');
    const market = r.service([r.venue()]);
    await Promise.all([market.history('BTC', 30), market.history('BTC', 400), market.history('btc', 90)]);
    expect(r.fake.count('/fapi/v1/continuousKlines', { contractType: 'NEXT_QUARTER' })).toBe(1);
    expect(r.fake.count('/api/v3/klines')).toBe(1);
  });

  it('GIVEN a failing venue WHEN topping up THEN it logs and still serves what is stored', async () => {
    r = await rig('2025-12-01T12:00:00Z');
    const store = createMemoryStore();
    await r.service([r.venue()], store).history('BTC', 400);
    r.clock.set(NOW + 2 * DAY_MS);
    r.fake.fault('api.binance.com', '/api/v3/klines', { kind: 'status', status: 500 });
    const rows = await r.service([r.venue()], store).history('BTC', 400);
    expect(rows.at(-1)!.day, 'no new spot, so no new reading').toBe('2025-11-30');
    expect(r.logger.lines.some((l) => l.level === 'warn' && l.msg.includes('history BTC spot failed: server error, HTTP 500'))).toBe(true);
  });
});
