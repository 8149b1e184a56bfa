import { describe, expect, it } from 'vitest';
import { annualize, basis, buildSnapshot, fundingApr, headlineFromCurve, quarterlyExpiries, readingsFromHistory } from '../../core/basis.js';
import type { HistoryPoint, VenueQuote } from '../../core/types.js';

const iso = (ms: number) => new Date(ms).toISOString();
const T = (s: string) => Date.parse(s);

describe('the Binance quarterly calendar', () => {
  it('lists the last Fridays of Mar/Jun/Sep/Dec at 08:00 UTC after a given instant', () => {
    const got = quarterlyExpiries(T('2024-11-27T13:54:15Z'), 3).map(iso);
    // BTCUSDT_241227 and BTCUSDT_250328 appear in the real 2024-11-27 premiumIndex file.
    expect(got, 'Dec 27 2024, Mar 28 2025 and Jun 27 2025 are the last Fridays').toEqual([
      '2024-12-27T08:00:00.000Z',
      '2025-03-28T08:00:00.000Z',
      '2025-06-27T08:00:00.000Z',
    ]);
  });
  it('drops a contract at its expiry instant and handles a month ending on a Friday', () => {
    // 2026-12-25 is a Friday; at 08:00 that day the contract has expired, so Mar 2027 is next.
    expect(quarterlyExpiries(T('2026-12-25T07:59:59Z'), 1).map(iso)).toEqual(['2026-12-25T08:00:00.000Z']);
    expect(quarterlyExpiries(T('2026-12-25T08:00:00Z'), 1).map(iso), 'an expired contract is not live').toEqual([
      '2027-03-26T08:00:00.000Z',
    ]);
  });
});

describe('basis arithmetic', () => {
  it('annualizes funding with its own interval, never an assumed 8h', () => {
    // 0.01 % every 8h = 3 × 365 × 0.0001 = 10.95 %; every 4h it is twice that.
    expect(fundingApr(0.0001, 8)).toBeCloseTo(0.1095, 12);
    expect(fundingApr(0.0001, 4), '4h funding pays six times a day').toBeCloseTo(0.219, 12);
    expect(fundingApr(0.0001, 1)).toBeCloseTo(0.876, 12);
  });
  it('computes basis and its annualized form', () => {
    expect(basis(101, 100)).toBeCloseTo(0.01, 12);
    expect(annualize(0.01, 36.5), '1 % over a tenth of a year is 10 % a year').toBeCloseTo(0.1, 12);
  });
});

// The real Binance premiumIndex answer of 2024-11-27T13:54:15Z (time 1732715655000):
//   BTCUSDT_241227 mark 95258.21103546, BTCUSDT_250328 mark 98538.69436879 (index 93903.07872340),
//   spot BTCUSDT index 93902.89680851, perp mark 93951.80000000, lastFundingRate 0.00013062.
// Days to expiry: 241227 08:00 − 13:54:15 = 2,570,745,000 ms = 29.753993 d; 250328: 120.753993 d.
// Basis vs the quarterlies' index: 1355.13231206 / 93903.0787234 = 1.443118 %; 4635.61564539 / 93903.0787234 = 4.936596 %.
// Annualized: 1.443118 % × 365 / 29.753993 = 17.703106 %; 4.936596 % × 365 / 120.753993 = 14.921722 %.
// 90 days lies between: w = (90 − 29.753993) / 91 = 0.662044; headline = 17.703106 + w × (14.921722 − 17.703106) = 15.861708 %.
const NOW = 1732715655000;
const INDEX = 93903.0787234;
const binanceQuote: VenueQuote = {
  venue: 'binance',
  asset: 'BTC',
  at: NOW,
  spot: INDEX,
  perp: { symbol: 'BTC/USDT:USDT', mark: 93951.8, index: 93902.89680851 },
  funding: { rate: 0.00013062, intervalHours: 8, nextFundingTime: 1732723200000 },
  openInterest: { coins: 100, usd: 9_395_180 },
  dated: [
    { symbol: 'BTC/USDT:USDT-241227', expiry: T('2024-12-27T08:00:00Z'), price: 95258.21103546, openInterestUsd: 300 },
    { symbol: 'BTC/USDT:USDT-250328', expiry: T('2025-03-28T08:00:00Z'), price: 98538.69436879, openInterestUsd: 100 },
  ],
};

describe('buildSnapshot', () => {
  it('reads the real 2024-11-27 Binance quarterlies into a 90-day headline basis', () => {
    const s = buildSnapshot([binanceQuote], NOW);
    const [dec, mar] = s.dated;
    expect(dec!.daysToExpiry).toBeCloseTo(29.753993, 5);
    expect(dec!.basis).toBeCloseTo(0.01443118, 7);
    expect(dec!.annualized).toBeCloseTo(0.17703106, 7);
    expect(mar!.annualized).toBeCloseTo(0.14921722, 7);
    expect(s.headline?.method, 'the two quarterlies straddle 90 days').toBe('interpolated');
    expect(s.headline?.annualized, 'linear in days between 29.75 and 120.75').toBeCloseTo(0.15861708, 7);
    expect(s.headline?.tenorDays).toBe(90);
    // premium (93951.8 − 93902.89680851) / 93902.89680851 = 0.0520786 %; funding 0.013062 % × 3 × 365 = 14.30289 %.
    expect(s.perp?.premium).toBeCloseTo(0.000520786, 8);
    expect(s.funding?.apr).toBeCloseTo(0.1430289, 7);
    expect(s.reference).toEqual({ venue: 'binance', kind: 'spot last', price: INDEX });
  });

  it('skips a contract under 7 days and then uses the one nearest 90 days', () => {
    const late = NOW + 24 * 86_400_000; // 5.75 days before the Dec expiry
    const s = buildSnapshot([binanceQuote], late);
    expect(s.headline?.method, 'nothing under 90 days is usable').toBe('nearest');
    expect(s.headline?.contracts).toEqual(['BTC/USDT:USDT-250328']);
    expect(s.headline?.tenorDays).toBeCloseTo(96.753993, 5);
    expect(s.dated, 'the near contract is still listed, only not headlined').toHaveLength(2);
  });

  it('weights venues by the open interest of the contracts behind their headline', () => {
    // A second venue whose only contract is at 90.0 days with +10 % annualized and 1,600 of OI.
    const at90 = NOW + 90 * 86_400_000;
    const okx: VenueQuote = { ...binanceQuote, venue: 'okx', spot: 100, perp: null, funding: null, openInterest: { coins: 1, usd: 100 },
      dated: [{ symbol: 'BTC-USDT-X', expiry: at90, price: 100 * (1 + (0.1 * 90) / 365), openInterestUsd: 1600 }] };
    const s = buildSnapshot([binanceQuote, okx], NOW);
    // Binance's headline uses 300 + 100 = 400 of OI: (400 × 15.861708 % + 1600 × 10 %) / 2000 = 11.172342 %.
    expect(s.headline?.annualized).toBeCloseTo(0.11172342, 7);
    expect(s.headline?.venues).toEqual(['binance', 'okx']);
    expect(s.openInterest, 'OI adds up across venues').toEqual({ coins: 101, usd: 9_395_280, venues: ['binance', 'okx'] });
    expect(s.reference.venue, 'the first venue in preference order is the reference').toBe('binance');
  });
});

describe('readingsFromHistory', () => {
  // Real: spot close 2025-03-10 78,595.86; perp close 78,567.8; funding 0.00003952 + 0.00001344 +
  // 0.00004037 = 0.00009333 that day. The quarterly closes 79,000 / 81,000 are illustrative (no
  // daily history of Binance quarterlies exists in the fixtures).
  // The close is at 2025-03-11 00:00: 250328 08:00 is 17.333333 d away, 250627 08:00 is 108.333333 d.
  // 404.14 / 78595.86 × 365 / 17.333333 = 10.827868 %; 2404.14 / 78595.86 × 365 / 108.333333 = 10.306017 %.
  // w = (90 − 17.333333) / 91 = 0.798535 → headline 10.827868 + w × (10.306017 − 10.827868) = 10.411152 %.
  const p = (series: HistoryPoint['series'], day: string, value: number): HistoryPoint => ({ venue: 'binance', asset: 'BTC', series, day, value });
  const points = [
    p('spot', '2025-03-10', 78595.86),
    p('quarter', '2025-03-10', 79000),
    p('quarter_expiry', '2025-03-10', T('2025-03-28T08:00:00Z')),
    p('next_quarter', '2025-03-10', 81000),
    p('next_quarter_expiry', '2025-03-10', T('2025-06-27T08:00:00Z')),
    p('premium', '2025-03-10', 78567.8 / 78595.86 - 1),
    p('funding', '2025-03-10', 0.00009333),
    p('oi_usd', '2025-03-09', 5e9), // no spot that day: dropped
    p('spot', '2025-03-08', 86154.59),
  ];

  it('pivots one day of stored series into a reading with the 90-day basis', () => {
    const rows = readingsFromHistory(points);
    expect(rows.map((r) => r.day), 'oldest first; a day without spot is dropped').toEqual(['2025-03-08', '2025-03-10']);
    const r = rows[1]!;
    expect(r.spot).toBe(78595.86);
    expect(r.headlineBasis).toBeCloseTo(0.10411152, 7);
    expect(r.fundingApr, 'daily sum × 365').toBeCloseTo(0.03406545, 9);
    expect(r.premium).toBeCloseTo(-0.000357016, 8);
    expect(r.openInterestUsd).toBeNull();
    expect(rows[0], 'missing series read as null').toEqual({ day: '2025-03-08', spot: 86154.59, headlineBasis: null, premium: null, fundingApr: null, openInterestUsd: null });
  });

  it('values open interest reported in coins only (Bybit) at the day\'s spot close; USD, when given, wins', () => {
    const rows = readingsFromHistory([
      p('spot', '2025-03-10', 78595.86),
      p('oi_coins', '2025-03-10', 50_000),
      p('spot', '2025-03-11', 80000),
      p('oi_coins', '2025-03-11', 50_000),
      p('oi_usd', '2025-03-11', 4.1e9),
    ]);
    expect(rows[0]!.openInterestUsd, '50,000 × 78,595.86').toBeCloseTo(3_929_793_000, 0);
    expect(rows[1]!.openInterestUsd, 'the venue\'s own USD value').toBe(4.1e9);
  });

  it('ignores a current quarter within 7 days of expiry', () => {
    // 2025-03-24 closes at 03-25 00:00: 250328 is 3.33 d away (skipped); 250627 is 94.333333 d away.
    // (81,000 − 78,595.86) / 78,595.86 × 365 / 94.333333 = 11.835532 %.
    const rows = readingsFromHistory([
      p('spot', '2025-03-24', 78595.86),
      p('quarter', '2025-03-24', 90000),
      p('quarter_expiry', '2025-03-24', T('2025-03-28T08:00:00Z')),
      p('next_quarter', '2025-03-24', 81000),
      p('next_quarter_expiry', '2025-03-24', T('2025-06-27T08:00:00Z')),
    ]);
    expect(rows[0]!.headlineBasis, 'the expiring contract would read 530 %+ annualized').toBeCloseTo(0.11835532, 7);
  });
});

describe('headlineFromCurve', () => {
  it('returns null when every contract is too close to expiry', () => {
    expect(headlineFromCurve([{ symbol: 'x', daysToExpiry: 3, annualized: 2 }])).toBeNull();
  });
});
