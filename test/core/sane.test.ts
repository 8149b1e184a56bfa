/**
 * A broken venue's numbers are missing data: what the fuzz test (test/fuzz) found printed as
 * "NaN%", "+Infinity%" or "1e+302%", or thrown, each fixed where the data enters or is written.
 */
import { describe, expect, it } from 'vitest';
import { niceAxis } from '../../core/chart/scale.js';
import { buildSnapshot, readingsFromHistory } from '../../core/basis.js';
import { MarketUnavailableError } from '../../core/errors.js';
import { MISSING, pct, price, signedPct, usd } from '../../core/format.js';
import { saneQuote, saneReadings, saneSnapshot } from '../../core/sane.js';
import type { HistoryPoint, VenueQuote } from '../../core/types.js';

const NOW = Date.parse('2026-08-01T09:00:00Z');
const DAY = 86_400_000;
const quote = (over: Partial<VenueQuote> = {}): VenueQuote => ({
  venue: 'binance',
  asset: 'BTC',
  at: NOW,
  spot: 60_000,
  perp: { symbol: 'BTC/USDT:USDT', mark: 60_010, index: 60_000 },
  funding: { rate: 0.0001, intervalHours: 8, nextFundingTime: NOW + 3_600_000 },
  openInterest: { coins: 80_000, usd: 4.8e9 },
  dated: [{ symbol: 'BTC/USDT:USDT-261225', expiry: NOW + 90 * DAY, price: 61_000, openInterestUsd: 1e9 }],
  ...over,
});

describe('quotes from a broken venue', () => {
  it('a NaN funding rate, a zero mark, a negative open interest are missing; the rest of the quote stands', () => {
    const q = saneQuote(quote({ funding: { rate: NaN, intervalHours: 8, nextFundingTime: null }, perp: { symbol: 'p', mark: 0, index: 60_000 }, openInterest: { coins: 1, usd: -5 } }));
    expect(q).toMatchObject({ spot: 60_000, perp: null, funding: null, openInterest: null });
    expect(q!.dated, 'the contracts are untouched').toHaveLength(1);
  });

  it('a contract priced at 1e300 or NaN, or with no expiry, is a bad print, not a basis', () => {
    const dated = [1e300, NaN, 0].map((price) => ({ symbol: 'x', expiry: NOW + 90 * DAY, price, openInterestUsd: null }));
    expect(saneQuote(quote({ dated: [...dated, { symbol: 'y', expiry: NaN, price: 61_000, openInterestUsd: null }] }))!.dated).toEqual([]);
  });

  it('a quote whose spot is unusable drops out; if none is left the snapshot says the market is unavailable', () => {
    expect(saneQuote(quote({ spot: NaN }))).toBeNull();
    const s = buildSnapshot([quote({ venue: 'okx', spot: Infinity }), quote({ venue: 'bybit' })], NOW);
    expect(s.reference.venue, 'the next venue is the reference').toBe('bybit');
    expect(() => buildSnapshot([quote({ spot: 0 })], NOW)).toThrow(MarketUnavailableError);
  });

  it('a snapshot from any Market is held to the same rules, and its history too', () => {
    const s = buildSnapshot([quote()], NOW);
    expect(saneSnapshot({ ...s, funding: { ...s.funding!, apr: NaN } })!.funding).toBeNull();
    expect(saneSnapshot({ ...s, reference: { ...s.reference, price: NaN } })).toBeNull();
    const day = { day: '2026-07-30', spot: 60_000, headlineBasis: Infinity, premium: 5, fundingApr: NaN, openInterestUsd: -1 };
    expect(saneReadings([day, { ...day, day: '2026-07-31', spot: NaN }])).toEqual([{ ...day, headlineBasis: null, premium: null, fundingApr: null, openInterestUsd: null }]);
  });

  it('a stored NaN is a missing day, not a reading', () => {
    const p = (series: HistoryPoint['series'], value: number): HistoryPoint => ({ venue: 'binance', asset: 'BTC', series, day: '2026-07-30', value });
    expect(readingsFromHistory([p('spot', NaN), p('funding', 0.0003)]), 'no spot, no day').toEqual([]);
    expect(readingsFromHistory([p('spot', 60_000), p('funding', NaN)])[0]!.fundingApr).toBeNull();
  });
});

describe('the last line: figures that cannot be stated', () => {
  it('print as n/a, never NaN, Infinity or exponent notation', () => {
    expect([pct(NaN), signedPct(Infinity), signedPct(1e300, 2), usd(-Infinity), price(NaN)]).toEqual([MISSING, MISSING, MISSING, MISSING, MISSING]);
    expect(signedPct(-0.0259, 2), 'ordinary figures as before').toBe('−2.59%');
  });

  it('a chart axis over a 1e308 range is drawn 0–1 instead of looping forever', () => {
    expect(niceAxis(-0.03, Number.MAX_VALUE).ticks.length).toBeLessThan(30);
    expect(niceAxis(1e20, 1e20 + 1).ticks.length, 'a step below the values’ precision').toBeLessThan(30);
  });
});
