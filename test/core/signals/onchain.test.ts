/**
 * On-chain readings (core/signals/onchain.ts) on the February 2026 scenario of
 * test/fakes/coinmetrics/scenario.ts, whose header works every expected figure out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { ExchangeSeries } from '../../../core/ports.js';
import { onChainSignal, openInterestCoins, type OnChainInput } from '../../../core/signals/onchain.js';
import type { ExchangeDay, HistoryPoint } from '../../../core/types.js';
import { flowRows } from '../../fakes/coinmetrics/data.js';
import { exchangeDays, flipOpenInterest, flipRows } from '../../fakes/coinmetrics/scenario.js';

const series = (days: ExchangeDay[], notServed: ExchangeSeries['notServed'] = []): ExchangeSeries => ({ source: 'Coin Metrics', days, notServed });
const input = (days: ExchangeDay[], opts: { notServed?: ExchangeSeries['notServed']; oi?: HistoryPoint[] } = {}): OnChainInput => ({
  ok: true,
  series: series(days, opts.notServed),
  openInterest: openInterestCoins(opts.oi ?? flipOpenInterest(), ['binance']),
});
const flip = exchangeDays(flipRows().filter((r) => r.day >= '2024-02-12'));

describe('exchange flows on the February 2026 flip', () => {
  const s = onChainSignal(input(flip), '2026-02-11');
  const f = s.flows!;

  it('sums the last seven days of net flow, in coins and in USD', () => {
    expect(f.asOf, 'the last day published').toBe('2026-02-10');
    expect(f.netNtv7, '2,000 + 3,000 + 4,000 + 4,500 + 5,000 + 5,500 + 7,200').toBe(31_200);
    expect(f.netUsd7!, 'each day’s net at its close').toBeCloseTo(2_162_252_678, 0);
    expect(f.usdServed).toBe(true);
  });

  it('ranks it against its own past year: the largest since 11 March 2025, 11 months before', () => {
    expect(f.lastAsLarge, 'the 35,000 BTC week of 5–11 March 2025').toBe('2025-03-11');
    expect(f.monthsSince, '336 days').toBe(11);
    expect(f.window, 'a year of earlier seven-day sums').toBe(365);
    expect(f.percentile, 'only one of them was larger').toBeCloseTo(364 / 365, 12);
  });

  it('names the day of the week whose inflow is a spike against the median day of the 90 before', () => {
    expect(f.spike, '56,100 = 2.2 × 25,500').toEqual({ day: '2026-02-05', inflowNtv: 56_100, multiple: 2.2 });
  });

  it('sees no spike in an ordinary week', () => {
    const quiet = onChainSignal(input(exchangeDays(flowRows('2024-02-12', '2026-02-10'))), '2026-02-11');
    expect(quiet.flows!.spike, 'background days stay within 30,000 / 25,500 = 1.2 ×').toBeNull();
  });
});

describe('the leverage ratio on the February 2026 flip', () => {
  const r = onChainSignal(input(flip), '2026-02-11').ratio!;
  it('divides open interest in coins by coins on exchanges, and compares a week and a month back', () => {
    expect(r.asOf).toBe('2026-02-10');
    expect(r.value, '98,000 / 2,681,200').toBeCloseTo(0.0365508, 7);
    expect(r.weekAgo, '104,000 / 2,650,000').toBeCloseTo(0.0392453, 7);
    expect(r.monthAgo, '121,900 / 2,650,000').toBeCloseTo(0.046, 12);
    expect(r.change7).toBeCloseTo(-0.068658, 6);
    expect(r.change30).toBeCloseTo(-0.205417, 6);
  });
  it('places it in its one-year range', () => {
    expect(r.range, '(0.0365508 − 0.035) / (0.05 − 0.035)').toBeCloseTo(0.103387, 6);
    expect(r.rangeDays, 'a full year stored').toBe(365);
    expect(r.oiVenues).toEqual(['binance']);
  });
});

describe('what is left out, and why', () => {
  it('GIVEN the last reading is three days old THEN both are stale, not used', () => {
    const s = onChainSignal(input(flip), '2026-02-13');
    expect(s.flows).toBeNull();
    expect(s.flowsMissing, 'two days late is normal; three is stale').toEqual({ why: 'stale', asOf: '2026-02-10' });
    expect(s.ratioMissing).toEqual({ why: 'stale', asOf: '2026-02-10' });
    expect(onChainSignal(input(flip), '2026-02-12').flows, 'two days old is still used').not.toBeNull();
  });

  it('GIVEN a day of the week missing THEN no seven-day sum is made up', () => {
    const holed = flip.filter((d) => d.day !== '2026-02-07');
    expect(onChainSignal(input(holed), '2026-02-11').flowsMissing).toEqual({ why: 'gap', asOf: '2026-02-10' });
  });

  it('GIVEN the USD series not served THEN the flow is told in coins only', () => {
    const f = onChainSignal(
      input(flip.map((d) => ({ ...d, flowInUsd: null, flowOutUsd: null })), { notServed: [{ metric: 'flowInUsd', why: 'unsupported' }] }),
      '2026-02-11',
    ).flows!;
    expect([f.netNtv7, f.netUsd7, f.usdServed]).toEqual([31_200, null, false]);
  });

  it('GIVEN supply refused THEN the ratio is left out as forbidden and flows stay', () => {
    const s = onChainSignal(input(flip, { notServed: [{ metric: 'supplyNtv', why: 'forbidden' }] }), '2026-02-11');
    expect(s.ratioMissing).toEqual({ why: 'forbidden', asOf: null });
    expect(s.flows).not.toBeNull();
  });

  it('GIVEN no stored open interest THEN the ratio is missing for that reason', () => {
    expect(onChainSignal(input(flip, { oi: [] }), '2026-02-11').ratioMissing).toEqual({ why: 'no-open-interest', asOf: null });
  });

  it('GIVEN a failed provider THEN both are missing with its reason', () => {
    const s = onChainSignal({ ok: false, source: 'Coin Metrics', reason: 'did not answer' }, '2026-02-11');
    expect(s).toEqual({
      source: 'Coin Metrics',
      flows: null,
      ratio: null,
      flowsMissing: { why: 'failed', asOf: null, detail: 'did not answer' },
      ratioMissing: { why: 'failed', asOf: null, detail: 'did not answer' },
    });
  });
});

describe('open interest in coins across venues', () => {
  const p = (venue: 'binance' | 'okx' | 'bybit', day: string, value: number, series: HistoryPoint['series'] = 'oi_coins'): HistoryPoint => ({ venue, asset: 'BTC', series, day, value });
  it('sums the venues that have any, only on days where all of them have a reading', () => {
    const oi = openInterestCoins(
      [p('binance', '2026-02-09', 98_000), p('okx', '2026-02-09', 31_000), p('binance', '2026-02-10', 97_000), p('binance', '2026-02-10', 9e9, 'oi_usd')],
      ['binance', 'okx', 'bybit'],
    );
    expect(oi.venues, 'bybit has no stored open interest, so it is not part of the sum').toEqual(['binance', 'okx']);
    expect(oi.days, 'OKX missing on the 10th: a venue’s gap is not a fall in open interest').toEqual([{ day: '2026-02-09', coins: 129_000 }]);
  });
});
