import { afterEach, describe, expect, it } from 'vitest';
import { quarterlyExpiries } from '../../core/calendar.js';
import { UnknownAssetError } from '../../core/errors.js';
import { rig, type Rig } from './helpers.js';

// 2025-12-01 12:00 UTC, inside the real data. From the fixtures (checked by hand):
//   spot 2025-12-01 open 90,360.01 (btc_spot_daily.csv) → the fake's spot last and index;
//   perp 2025-12-01 open 90,320.50 (btc_perp_daily.csv) → the fake's perp mark;
//   last funding at or before 12:00 is 2025-12-01T08:00Z, 8h interval (btc_funding_8h.csv).
const NOW = '2025-12-01T12:00:00Z';
let r: Rig;
afterEach(async () => r.fake.close());

describe('quotes through ccxt against the fake Binance', () => {
  it('GIVEN BTC WHEN a snapshot is taken THEN spot, perp, funding and the live quarterlies are the served numbers', async () => {
    r = await rig(NOW);
    const s = await r.service([r.venue()]).snapshot('btc');
    expect(s.asset, 'asset names are case-insensitive').toBe('BTC');
    expect(s.reference.price).toBe(90360.01);
    expect(s.perp?.mark).toBe(90320.5);
    expect(s.perp?.premium, '(90,320.5 − 90,360.01) / 90,360.01').toBeCloseTo(-39.51 / 90360.01, 10);
    expect(s.funding?.intervalHours, 'read from the spacing of real funding times').toBe(8);
    expect(s.funding?.nextFundingTime).toBe(Date.parse('2025-12-01T16:00:00Z'));
    const [dec, mar] = quarterlyExpiries(Date.parse(NOW), 2);
    expect(s.dated.map((d) => d.expiry), 'Dec 26 2025 and Mar 27 2026 quarterlies').toEqual([dec, mar]);
    expect(s.dated.map((d) => d.symbol)).toEqual(['BTC/USDT:USDT-251226', 'BTC/USDT:USDT-260327']);
    // The fake prices the Dec contract at an annualized basis of trailing funding APR + 1 %;
    // whatever that APR is, the snapshot must read the same annualized value back.
    const d = s.dated[0]!;
    expect(d.daysToExpiry, 'Dec 26 08:00 − Dec 1 12:00').toBeCloseTo(24 + 20 / 24, 9);
    expect(d.annualized, 'basis × 365 / days').toBeCloseTo(((d.price - 90360.01) / 90360.01) * 365 / d.daysToExpiry, 12);
    expect(s.headline?.method, '24.8 and 115.8 days straddle 90').toBe('interpolated');
    expect(s.openInterest!.coins, 'latest OI row on or before Dec 1 (2025-11-30 implied coins)').toBeGreaterThan(0);
    expect(s.openInterest!.usd).toBeCloseTo(s.openInterest!.coins * 90320.5, 3);
  });

  it('GIVEN ETH (BTC × 0.035 in the fake) THEN its spot is 90,360.01 × 0.035', async () => {
    r = await rig(NOW);
    const s = await r.service([r.venue()]).snapshot('ETH');
    expect(s.reference.price).toBeCloseTo(3162.60035, 6);
    expect(s.dated.map((d) => d.symbol)).toEqual(['ETH/USDT:USDT-251226', 'ETH/USDT:USDT-260327']);
  });

  it('GIVEN an asset without futures WHEN asked THEN UnknownAssetError lists the valid assets', async () => {
    r = await rig(NOW);
    const market = r.service([r.venue()]);
    expect(await market.knownAssets(), 'SOL has spot only on the fake').toEqual(['BTC', 'ETH', 'XRP']);
    const err = await market.snapshot('SOL').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownAssetError);
    expect((err as UnknownAssetError).userMessage).toBe('I don\'t know the asset "SOL". Assets with spot and futures here: BTC, ETH, XRP.');
  });

  it('GIVEN XRP, with a perpetual but no quarterly THEN funding, premium and open interest are served and no dated basis', async () => {
    r = await rig(NOW);
    const s = await r.service([r.venue()]).snapshot('XRP');
    expect(s.reference.price).toBeCloseTo(90360.01 * 0.00003, 9);
    expect(s.funding?.intervalHours).toBe(8);
    expect(s.perp?.mark).toBeCloseTo(90320.5 * 0.00003, 9);
    expect(s.dated, 'nothing dated is listed for XRP').toEqual([]);
    expect(s.headline, 'no dated contract, no headline basis — never an invented one').toBeNull();
  });

  it('GIVEN 1,000 simultaneous snapshot(BTC) THEN the exchange sees one request per item', async () => {
    r = await rig(NOW);
    const market = r.service([r.venue()]);
    const all = await Promise.all(Array.from({ length: 1000 }, () => market.snapshot('BTC')));
    expect(new Set(all).size, 'every caller shares the one snapshot').toBe(1);
    const perPath = Object.fromEntries(['/api/v3/exchangeInfo', '/fapi/v1/exchangeInfo', '/api/v3/ticker/24hr', '/fapi/v1/openInterest', '/fapi/v1/premiumIndex', '/fapi/v1/fundingRate'].map((p) => [p, r.fake.count(p)]));
    expect(perPath, 'perp + 2 quarterlies = 3 premiumIndex and 3 openInterest items').toEqual({
      '/api/v3/exchangeInfo': 1,
      '/fapi/v1/exchangeInfo': 1,
      '/api/v3/ticker/24hr': 1,
      '/fapi/v1/openInterest': 3,
      '/fapi/v1/premiumIndex': 3,
      '/fapi/v1/fundingRate': 1,
    });
    expect(r.fake.requests.some((q) => q.host === 'dapi.binance.com'), 'COIN-M markets are never loaded').toBe(false);
    await market.snapshot('BTC');
    expect(r.fake.requests.length, 'a warm cache costs nothing').toBe(10);
  });
});
