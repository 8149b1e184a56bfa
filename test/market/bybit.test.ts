/**
 * Bybit through ccxt's real bybit client against the fake Bybit v5 API
 * (test/fakes/exchange/bybit.ts). Expected numbers from the fixture files, checked by hand:
 *   btc_spot_4h.csv 2025-12-01T12:00 open 86,146.59 → Bybit spot last and index at 12:00;
 *   btc_perp_4h.csv 2025-12-01T12:00 open 86,100 → Bybit perpetual mark;
 *   btc_funding_8h.csv: last settled 2025-12-01T08:00 at 0.00003153, next at 16:00;
 *   btc_oi_daily.csv 2025-12-01: 90,591.244 BTC (implied).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { quarterlyExpiries } from '../../core/calendar.js';
import { FakeData } from '../fakes/exchange/data.js';
import { NOON_2025_12_01, rig, type Rig } from './helpers.js';

const { now: NOW, spot: SPOT, mark: MARK, oiCoins: OI_COINS } = NOON_2025_12_01;
let r: Rig;
afterEach(async () => r.fake.close());


describe('Bybit through ccxt against the fake Bybit v5 API', () => {
  it('GIVEN Bybit alone WHEN a BTC snapshot is taken THEN spot, perp, funding, open interest and the linear quarterlies are the served numbers', async () => {
    r = await rig(NOW);
    const s = await r.service([r.venue('bybit')]).snapshot('BTC');
    expect(s.venues).toEqual(['bybit']);
    expect(s.reference.price, 'Bybit spot last at 12:00').toBe(SPOT);
    expect(s.perp, 'mark and index come with the linear ticker').toMatchObject({ venue: 'bybit', symbol: 'BTC/USDT:USDT', mark: MARK, index: SPOT });
    expect(s.funding?.rate).toBe(0.00003153);
    expect(s.funding?.intervalHours, "the instrument's fundingInterval, 480 minutes").toBe(8);
    expect(s.funding?.nextFundingTime).toBe(Date.parse('2025-12-01T16:00:00Z'));
    expect(s.openInterest?.coins, 'linear contracts are one coin').toBeCloseTo(OI_COINS, 6);
    expect(s.openInterest?.usd, 'coins × mark: /open-interest gives no USD value').toBeCloseTo(OI_COINS * MARK, 2);

    const [dec, mar] = quarterlyExpiries(Date.parse(NOW), 2) as [number, number];
    expect(s.dated.map((d) => d.symbol), 'ccxt symbols of BTCUSDT-26DEC25 / BTCUSDT-27MAR26').toEqual(['BTC/USDT:USDT-251226', 'BTC/USDT:USDT-260327']);
    expect(s.dated.map((d) => d.expiry), "Bybit's deliveryTime").toEqual([dec, mar]);
    const data = new FakeData();
    const days = (dec - Date.parse(NOW)) / 86_400_000;
    const decPrice = MARK * (1 + (data.termApr('2025-11-30', false) * days) / 365);
    expect(s.dated[0]!.price, 'the mark from the ticker: Bybit has no mark-price endpoint').toBeCloseTo(decPrice, 6);
    expect(s.dated[0]!.openInterestUsd, '6 % of the perp coins at the Dec mark').toBeCloseTo(0.06 * OI_COINS * decPrice, 1);
    expect(s.headline?.method).toBe('interpolated');

    const categories = r.fake.requests.filter((q) => q.path === '/v5/market/instruments-info').map((q) => `${q.query.get('category')}${q.query.get('status') ? `/${q.query.get('status')}` : ''}`);
    expect(categories.sort(), 'spot and linear only: no inverse, no options').toEqual(['linear', 'linear/PreLaunch', 'spot']);
    expect(new Set(r.fake.requests.map((q) => q.host))).toEqual(new Set(['api.bybit.com']));
  });

  it('GIVEN an empty store WHEN 400 days of history come from Bybit THEN spot and funding cover them, in pages Bybit accepts', async () => {
    r = await rig(NOW);
    const rows = await r.service([r.venue('bybit')]).history('BTC', 400);
    expect(rows).toHaveLength(400);
    expect(rows[0]!.day).toBe('2024-10-27');
    expect(rows.find((x) => x.day === '2025-03-10')!.spot, 'real spot close').toBe(78595.86);
    expect(rows.find((x) => x.day === '2025-03-10')!.fundingApr, '(0.00003952 + 0.00001344 + 0.00004037) × 365').toBeCloseTo(0.03406545, 9);
    expect(rows.at(-1)!.fundingApr, '(0.00006082 + 0.00003556 + 0.0000388) × 365').toBeCloseTo(0.00013518 * 365, 12);
    expect(rows.every((x) => x.fundingApr !== null), 'Bybit keeps the whole funding history').toBe(true);
    expect(rows.every((x) => x.headlineBasis === null), 'term-basis history is Binance-only').toBe(true);
    const funding = r.fake.requests.filter((q) => q.path === '/v5/market/funding/history');
    expect(funding.every((q) => Number(q.query.get('limit')) <= 200), 'Bybit refuses more than 200 a page').toBe(true);
    expect(r.fake.count('/v5/market/kline'), '400 days fit one page of 1000').toBe(1);
    expect(r.logger.lines.filter((l) => l.level === 'warn'), 'no series failed').toEqual([]);
  });
});
