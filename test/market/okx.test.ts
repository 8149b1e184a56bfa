/**
 * OKX through ccxt's real okx client against the fake OKX v5 API (test/fakes/exchange/okx.ts).
 * Expected numbers come from the fixture files, checked by hand:
 *   btc_spot_4h.csv 2025-12-01T12:00 open 86,146.59 → OKX spot last and index at 12:00;
 *   btc_perp_4h.csv 2025-12-01T12:00 open 86,100 → OKX perpetual mark;
 *   btc_funding_8h.csv: last settled 2025-12-01T08:00 at 0.00003153, next at 16:00, 8h apart;
 *   btc_oi_daily.csv 2025-12-01: 90,591.244 BTC (implied) → served as 9,059,124.4 contracts of 0.01 BTC.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { quarterlyExpiries } from '../../core/calendar.js';
import { FakeData } from '../fakes/exchange/data.js';
import { NOON_2025_12_01, rig, type Rig } from './helpers.js';

const { now: NOW, spot: SPOT, mark: MARK, oiCoins: OI_COINS } = NOON_2025_12_01;
let r: Rig;
afterEach(async () => r.fake.close());


describe('OKX through ccxt against the fake OKX v5 API', () => {
  it('GIVEN OKX alone WHEN a BTC snapshot is taken THEN spot, perp, funding, open interest and the quarterlies are the served numbers', async () => {
    r = await rig(NOW);
    const s = await r.service([r.venue('okx')]).snapshot('BTC');
    expect(s.venues).toEqual(['okx']);
    expect(s.reference, 'OKX spot last at 12:00').toEqual({ venue: 'okx', kind: 'spot last', price: SPOT });
    expect(s.perp?.mark, 'from /public/mark-price: OKX funding-rate carries no prices').toBe(MARK);
    expect(s.perp?.index, 'from /market/index-tickers').toBe(SPOT);
    expect(s.perp?.premium).toBeCloseTo((MARK - SPOT) / SPOT, 12);
    expect(s.funding?.rate).toBe(0.00003153);
    expect(s.funding?.intervalHours, 'nextFundingTime − fundingTime = 8h').toBe(8);
    expect(s.funding?.nextFundingTime, 'the coming settlement, not the one after it').toBe(Date.parse('2025-12-01T16:00:00Z'));
    expect(s.funding?.apr, '0.00003153 × 3 a day × 365').toBeCloseTo(0.00003153 * 3 * 365, 12);
    expect(s.openInterest?.coins, 'contracts × 0.01 BTC, not the contract count').toBeCloseTo(OI_COINS, 6);
    expect(s.openInterest?.usd, 'OKX oiUsd = coins × mark').toBeCloseTo(OI_COINS * MARK, 2);

    const [dec, mar] = quarterlyExpiries(Date.parse(NOW), 2) as [number, number];
    expect(s.dated.map((d) => d.symbol), 'ccxt symbols of OKX instIds BTC-USDT-251226 / -260327').toEqual(['BTC/USDT:USDT-251226', 'BTC/USDT:USDT-260327']);
    expect(s.dated.map((d) => d.expiry)).toEqual([dec, mar]);
    // The fake prices OKX's dated contracts off the perp: mark × (1 + term APR × days / 365).
    const data = new FakeData();
    const days = (e: number) => (e - Date.parse(NOW)) / 86_400_000;
    const decPrice = MARK * (1 + (data.termApr('2025-11-30', false) * days(dec)) / 365);
    const marPrice = MARK * (1 + (data.termApr('2025-11-30', true) * days(mar)) / 365);
    expect(s.dated[0]!.price).toBeCloseTo(decPrice, 6);
    expect(s.dated[1]!.price).toBeCloseTo(marPrice, 6);
    expect(s.dated[0]!.openInterestUsd, '6 % of the perp coins at the Dec mark').toBeCloseTo(0.06 * OI_COINS * decPrice, 1);
    expect(s.dated[0]!.annualized, 'measured against OKX spot').toBeCloseTo(((decPrice - SPOT) / SPOT) * 365 / days(dec), 10);
    expect(s.headline?.method, '24.8 and 115.8 days straddle 90').toBe('interpolated');

    expect(new Set(r.fake.requests.map((q) => q.host)), 'only OKX is asked').toEqual(new Set(['www.okx.com']));
    const types = r.fake.requests.filter((q) => q.path === '/api/v5/public/instruments').map((q) => q.query.get('instType')).sort();
    expect(types, 'options are never loaded').toEqual(['FUTURES', 'SPOT', 'SWAP']);
    expect(r.sleep.waits, 'nothing failed, nothing retried').toEqual([]);
  });

  it('GIVEN ETH, whose OKX contracts are 0.1 ETH THEN open interest is counted in coins', async () => {
    r = await rig(NOW);
    const s = await r.service([r.venue('okx')]).snapshot('eth');
    expect(s.reference.price, 'BTC × 0.035 in the fake').toBeCloseTo(SPOT * 0.035, 8);
    // The Binance fake's ETH: half BTC's USD open interest at 0.035 of the price.
    const coins = (OI_COINS * 0.5) / 0.035;
    expect(s.openInterest?.coins).toBeCloseTo(coins, 4);
    expect(s.openInterest?.usd).toBeCloseTo(coins * MARK * 0.035, 1);
    expect(s.dated.map((d) => d.symbol)).toEqual(['ETH/USDT:USDT-251226', 'ETH/USDT:USDT-260327']);
  });

  it('GIVEN an empty store WHEN 400 days of history come from OKX THEN spot reaches back 400 days and funding the three months OKX keeps', async () => {
    r = await rig(NOW);
    const rows = await r.service([r.venue('okx')]).history('BTC', 400);
    expect(rows).toHaveLength(400);
    expect(rows.at(-1)!.day).toBe('2025-11-30');
    expect(rows.find((x) => x.day === '2025-03-10')!.spot, 'real spot close').toBe(78595.86);
    expect(rows.at(-1)!.fundingApr, '(0.00006082 + 0.00003556 + 0.0000388) × 365').toBeCloseTo(0.00013518 * 365, 12);
    // Three months back from Dec 1 12:00 is Aug 31 12:00: Aug 31 is partly covered, so dropped.
    const withFunding = rows.filter((x) => x.fundingApr !== null).map((x) => x.day);
    expect(withFunding[0], 'the first complete day OKX still serves').toBe('2025-09-01');
    expect(withFunding, 'every day from then on').toHaveLength(91);
    expect(rows.find((x) => x.day === '2025-11-20')!.openInterestUsd, 'real 2025-11-20 OI value, from the rubik endpoint').toBeCloseTo(9_227_186_355.764154, 3);
    expect(rows.every((x) => x.headlineBasis === null && x.premium === null), 'term basis and premium history are Binance-only').toBe(true);

    const limits = (path: string) => r.fake.requests.filter((q) => q.path === path).map((q) => Number(q.query.get('limit')));
    expect(limits('/api/v5/public/funding-rate-history').every((l) => l <= 100), 'OKX serves at most 100 fundings a page').toBe(true);
    expect(limits('/api/v5/public/funding-rate-history'), '276 fundings in three pages, then an empty one').toHaveLength(4);
    expect(limits('/api/v5/market/candles'), '400 days in two pages of at most 300').toEqual([300, 300]);
  });

  it('GIVEN EXCHANGES=binance,okx both answering THEN the snapshot aggregates them: Binance the reference, OI summed, headline OI-weighted', async () => {
    r = await rig(NOW);
    const s = await r.service([r.venue(), r.venue('okx')]).snapshot('BTC');
    expect(s.venues, 'preference order').toEqual(['binance', 'okx']);
    expect(s.reference, "Binance's spot last (the fake serves the daily open, 90,360.01)").toEqual({ venue: 'binance', kind: 'spot last', price: 90360.01 });
    expect(s.perp?.venue, 'the first venue with a perpetual').toBe('binance');
    expect(s.openInterest?.venues).toEqual(['binance', 'okx']);
    expect(s.openInterest?.coins, 'both fakes serve the same real perp OI').toBeCloseTo(2 * OI_COINS, 6);
    expect(s.openInterest?.usd, 'each venue at its own mark').toBeCloseTo(OI_COINS * 90320.5 + OI_COINS * MARK, 1);
    expect(s.dated.map((d) => `${d.venue} ${d.symbol}`)).toEqual([
      'binance BTC/USDT:USDT-251226',
      'binance BTC/USDT:USDT-260327',
      'okx BTC/USDT:USDT-251226',
      'okx BTC/USDT:USDT-260327',
    ]);

    // By hand: each venue interpolates its Dec and Mar annualized basis to 90 days, then the two
    // are weighted by the USD open interest of those contracts.
    const data = new FakeData();
    const [dec, mar] = quarterlyExpiries(Date.parse(NOW), 2) as [number, number];
    const dDec = (dec - Date.parse(NOW)) / 86_400_000;
    const dMar = (mar - Date.parse(NOW)) / 86_400_000;
    const w = (90 - dDec) / (dMar - dDec);
    const aDec = data.termApr('2025-11-30', false);
    const aMar = data.termApr('2025-11-30', true);
    // Binance: dated = spot × (1 + apr × days / 365), so each contract's annualized basis is its apr.
    const bPrice = [90360.01 * (1 + (aDec * dDec) / 365), 90360.01 * (1 + (aMar * dMar) / 365)];
    const binanceHeadline = aDec + w * (aMar - aDec);
    const binanceWeight = OI_COINS * (0.06 * bPrice[0]! + 0.04 * bPrice[1]!);
    // OKX: dated = mark × (1 + apr × days / 365), measured against OKX's spot.
    const oPrice = [MARK * (1 + (aDec * dDec) / 365), MARK * (1 + (aMar * dMar) / 365)];
    const ann = (p: number, days: number) => ((p - SPOT) / SPOT) * 365 / days;
    const okxHeadline = ann(oPrice[0]!, dDec) + w * (ann(oPrice[1]!, dMar) - ann(oPrice[0]!, dDec));
    const okxWeight = OI_COINS * (0.06 * oPrice[0]! + 0.04 * oPrice[1]!);
    expect(okxHeadline, 'the venues really differ, so the weighting shows').not.toBeCloseTo(binanceHeadline, 4);
    expect(s.headline?.venues).toEqual(['binance', 'okx']);
    expect(s.headline?.annualized).toBeCloseTo((binanceHeadline * binanceWeight + okxHeadline * okxWeight) / (binanceWeight + okxWeight), 8);
  });
});
