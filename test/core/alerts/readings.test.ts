import { describe, expect, it } from 'vitest';
import { analyze } from '../../../core/analysis.js';
import { alertReadings } from '../../../core/alerts/readings.js';
import type { MarketSnapshot } from '../../../core/types.js';
import { realHistory } from '../../fixtures/history.js';

const BAND = [0, 0.02] as const;
const history = realHistory('2024-02-11', '2026-02-10');

describe('alertReadings: what one check reads, from the analysis the note is written from', () => {
  it('GIVEN the real 10 February 2026 history THEN every reading is the note’s own figure', () => {
    const a = analyze({ asset: 'BTC', history, snapshot: null, band: BAND });
    expect(alertReadings(a, BAND)).toEqual({
      basis: a.signals.basis.level,
      band: BAND,
      ma7: a.signals.basis.ma7,
      ma30: a.signals.basis.ma30,
      fundingApr: a.signals.funding.value,
      regime: { label: 'Bearish', score: a.regime.score },
    });
    expect(a.signals.basis.level, 'the −4.28% the note states').toBeCloseTo(-0.0428, 4);
  });

  it('GIVEN a live quote THEN the basis and funding are the live ones, as in the note', () => {
    const snapshot: MarketSnapshot = {
      asset: 'BTC', at: Date.parse('2026-02-11T12:00:00Z'), venues: ['binance'],
      reference: { venue: 'binance', kind: 'spot last', price: 68000 },
      perp: { venue: 'binance', symbol: 'BTC/USDT:USDT', mark: 67970, index: 68000, premium: -0.00044 },
      funding: { venue: 'binance', rate: -0.00002, intervalHours: 8, nextFundingTime: null, apr: -0.0219 },
      openInterest: null, dated: [],
      headline: { annualized: 0.012, tenorDays: 90, method: 'interpolated', contracts: [], venues: ['binance'] },
    };
    const r = alertReadings(analyze({ asset: 'BTC', history, snapshot, band: BAND }), BAND);
    expect([r.basis, r.fundingApr]).toEqual([0.012, -0.0219]);
  });

  it('GIVEN an asset without dated futures THEN the basis, band and cross readings are null, never invented', () => {
    const a = analyze({ asset: 'SOL', history: history.map((d) => ({ ...d, headlineBasis: null })), snapshot: null, band: BAND });
    const r = alertReadings(a, BAND);
    expect([r.basis, r.ma7, r.ma30], 'no dated basis to read').toEqual([null, null, null]);
    expect(r.fundingApr, 'funding still reads').not.toBeNull();
    expect(r.regime, 'the regime rests on funding, open interest and price').not.toBeNull();
  });

  it('GIVEN a regime scored on no data at all THEN there is no regime reading', () => {
    const a = analyze({ asset: 'BTC', history, snapshot: null, band: BAND });
    expect(alertReadings({ ...a, regime: { ...a.regime, drivers: [], score: 0, label: 'Neutral' } }, BAND).regime).toBeNull();
  });
});
