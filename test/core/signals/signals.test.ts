import { describe, expect, it } from 'vitest';
import { computeSignals } from '../../../core/signals/index.js';
import { leverageSignal } from '../../../core/signals/leverage.js';
import { momentumSignal } from '../../../core/signals/momentum.js';
import { rankSignal } from '../../../core/signals/rank.js';
import { daysBetween, derivedBasis, realHistory } from '../../fixtures/history.js';

const BAND = [0, 0.005] as const;

describe('momentum on the real January 2022 slide', () => {
  // SOURCES.md known points: 2021-12-31 close 46,216.93; 2022-01-24 close 36,660;
  // (the 24 January close is 36,660.35 in the file; SOURCES.md rounds it), and the 90-day high before it is the 2021-11-08 close 67,525.83 (checked in btc_spot_daily.csv).
  const h = realHistory('2021-10-01', '2022-01-24');
  const m = momentumSignal(h.map((r) => r.spot));

  it('measures the drawdown from the 90-day high', () => {
    expect(m.high90, 'the November 2021 top').toBe(67525.83);
    expect(m.drawdown90!, '36,660 / 67,525.83 − 1').toBeCloseTo(36660 / 67525.83 - 1, 4);
  });

  it('measures returns by trading day: 24 days back is the 2021-12-31 close', () => {
    const r24 = h.at(-1)!.spot / h.at(-25)!.spot - 1;
    expect(h.at(-25)!.day).toBe('2021-12-31');
    expect(r24, 'a 20.7% fall since new year').toBeCloseTo(36660 / 46216.93 - 1, 4);
    expect(m.return30! < -0.2, 'a deep 30-day loss').toBe(true);
    expect(m.acceleration, 'this week minus last week').toBeCloseTo(m.return7! - m.prevReturn7!, 12);
  });
});

describe('perpetual premium judged against its own history', () => {
  it('GIVEN Binance perp closes below spot on most days THEN a negative premium can still rank high', () => {
    const h = realHistory('2025-01-01', '2026-07-31');
    const past = h.slice(0, -1).map((r) => r.premium);
    const negativeShare = past.filter((p) => p !== null && p < 0).length / past.length;
    expect(negativeShare, 'the premium is structurally negative (SOURCES.md)').toBeGreaterThan(0.8);
    const r = rankSignal(h.at(-1)!.premium, past, 365);
    const xs = past.slice(-365).filter((x): x is number => x !== null);
    const below = xs.filter((x) => x < h.at(-1)!.premium!).length;
    expect(r.value! < 0, 'the last premium is negative').toBe(true);
    expect(r.percentile, 'share of the past year below it, counted here').toBeCloseTo(below / xs.length, 12);
    expect(r.window).toBe(365);
  });

  it('says nothing with under 30 readings of history', () => {
    expect(rankSignal(0.1, [0.1, 0.2], 365).percentile).toBeNull();
  });
});

describe('open interest on the real November–December 2025 series', () => {
  const h = realHistory('2025-11-07', '2025-12-17');
  const oi = h.map((r) => r.openInterestUsd);
  it('takes the 7- and 30-day change from the readings 7 and 30 days back', () => {
    const l = leverageSignal(oi, null);
    expect(oi.every((x) => x !== null), 'the file has every day of this window').toBe(true);
    expect(l.change7, '12-17 vs 12-10').toBeCloseTo(oi.at(-1)! / oi.at(-8)! - 1, 12);
    expect(l.change30, '12-17 vs 11-17').toBeCloseTo(oi.at(-1)! / oi.at(-31)! - 1, 12);
    expect(l.range90! >= 0 && l.range90! <= 1, 'a position inside the range').toBe(true);
  });
  it('counts a live reading as today: its change is against the day a week before today', () => {
    const live = oi.at(-1)! * 1.05;
    const l = leverageSignal(oi, live);
    expect(l.oiUsd).toBe(live);
    expect(l.change7, 'today vs 7 days earlier = the 7th-last stored day').toBeCloseTo(live / oi.at(-7)! - 1, 12);
  });
});

describe('the basis signal on the February 2026 flip (derived series, see fixtures/history.ts)', () => {
  const h = realHistory('2024-02-11', '2026-02-10');
  const s = computeSignals({ asset: 'BTC', history: h, snapshot: null, band: BAND });

  it('finds the month it was last below zero by scanning the derived series independently', () => {
    const days = daysBetween('2024-02-11', '2026-02-10');
    const firstNeg = days.findIndex((d, i) => i > 0 && derivedBasis(d)! < 0 && derivedBasis(days[i - 1]!)! >= 0 && d > '2026-01-01');
    const lastNegBefore = days.slice(0, firstNeg).findLast((d) => derivedBasis(d)! < 0);
    expect(days[firstNeg], 'the real 7-day funding mean turns negative on 6 February 2026').toBe('2026-02-06');
    expect(lastNegBefore!.slice(0, 7), 'the October 2025 dip was the last time below').toBe('2025-10');
    expect(s.basis.sign, 'the signal agrees').toMatchObject({ side: 'negative', startedOn: '2026-02-06', lastBefore: lastNegBefore });
  });

  it('reports both averages falling and the 7-day below the 30-day', () => {
    expect([s.basis.dir7, s.basis.dir30, s.basis.cross]).toEqual(['falling', 'falling', 'below']);
    expect(s.basis.bandSide).toBe('below');
  });

  it('GIVEN a live snapshot THEN its headline, funding and premium are today, the history the past', () => {
    const snap = {
      asset: 'BTC', at: Date.parse('2026-02-11T12:00:00Z'), venues: ['binance' as const],
      reference: { venue: 'binance' as const, kind: 'spot last' as const, price: 68000 },
      perp: { venue: 'binance' as const, symbol: 'BTC/USDT:USDT', mark: 67970, index: 68000, premium: -0.00044 },
      funding: { venue: 'binance' as const, rate: 0.0001, intervalHours: 8, nextFundingTime: null, apr: 0.1095 },
      openInterest: null, dated: [],
      headline: { annualized: 0.012, tenorDays: 90, method: 'interpolated' as const, contracts: [], venues: ['binance' as const] },
    };
    const live = computeSignals({ asset: 'BTC', history: h, snapshot: snap, band: BAND });
    expect(live.basis.level, 'the live headline').toBe(0.012);
    expect(live.basis.source).toBe('snapshot');
    expect(live.asOf).toBe('2026-02-11');
    expect(live.basis.sign, 'back above zero today, after five days below').toMatchObject({ side: 'positive', startedOn: '2026-02-11', length: 1 });
    expect(live.funding.value).toBe(0.1095);
    expect(live.funding.window, 'the whole last year is the past').toBe(365);
  });
});
