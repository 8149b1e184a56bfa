/**
 * The calibration table and the figure the bot states from it: buckets, tallies, base rates, the
 * shrinkage toward the base rate, and the walk that states each day's figure from the outcomes
 * known by then.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../core/calendar.js';
import { BUCKETS, FEW_CASES, MIN_DAYS, PRIOR_CASES, bucketOf, calibrate, confidenceFor, createCalibrator } from '../../../core/replay/calibration.js';
import { NEUTRAL_BAND, heldAs } from '../../../core/replay/outcome.js';
import { replayHistory, type ReplayDay } from '../../../core/replay/replay.js';
import { realHistory } from '../../fixtures/history.js';

const day = (n: number) => addDays('2024-01-01', n);
const call = (n: number, label: ReplayDay['label'], score: number, forward30: number | null): ReplayDay => ({
  day: day(n), label, score, spot: 100, basis: null, return30: null, forward7: null, forward30,
});

describe('buckets', () => {
  it('split directional labels at |score| 0.35 and 0.5, and Neutral at 0.1', () => {
    expect([-0.2, -0.3499, -0.35, -0.49, -0.5, -0.9].map((s) => bucketOf('Bearish', s).id)).toEqual([
      'Bearish:0.2', 'Bearish:0.2', 'Bearish:0.35', 'Bearish:0.35', 'Bearish:0.5', 'Bearish:0.5',
    ]);
    expect([0.2, 0.36, 0.61].map((s) => bucketOf('Bullish', s).id)).toEqual(['Bullish:0.2', 'Bullish:0.35', 'Bullish:0.5']);
    expect([0, -0.0999, 0.1, -0.19].map((s) => bucketOf('Neutral', s).id)).toEqual(['Neutral:0', 'Neutral:0', 'Neutral:0.1', 'Neutral:0.1']);
    expect(BUCKETS, 'three per directional label, two for Neutral').toHaveLength(8);
  });
});

describe('what "moved the labelled way" means', () => {
  it('Bullish: higher; Bearish: lower; Neutral: within ±10% after 30 days', () => {
    expect([heldAs('Bullish', 0.01), heldAs('Bullish', -0.01), heldAs('Bearish', -0.01), heldAs('Bearish', 0)]).toEqual([true, false, true, false]);
    expect(NEUTRAL_BAND).toBe(0.1);
    expect([heldAs('Neutral', 0.099), heldAs('Neutral', -0.099), heldAs('Neutral', 0.1), heldAs('Neutral', -0.25)]).toEqual([true, true, false, false]);
  });
});

describe('calibrate', () => {
  // Ten days made by hand: 4 strong Bearish (3 fell), 3 Bullish (1 rose), 2 Neutral (1 stayed within 10%), 1 unknown.
  const days = [
    call(0, 'Bearish', -0.6, -0.05), call(1, 'Bearish', -0.55, -0.12), call(2, 'Bearish', -0.7, 0.02), call(3, 'Bearish', -0.52, -0.01),
    call(4, 'Bullish', 0.25, 0.03), call(5, 'Bullish', 0.3, -0.04), call(6, 'Bullish', 0.21, -0.2),
    call(7, 'Neutral', 0.05, 0.15), call(8, 'Neutral', -0.02, 0.04),
    call(9, 'Bearish', -0.6, null),
  ];
  const cal = calibrate(days);

  it('counts each label and bucket, and each label’s base rate over every day with an outcome', () => {
    expect(cal.days, 'the day without an outcome is left out').toBe(9);
    expect([cal.from, cal.to]).toEqual([day(0), day(8)]);
    expect(cal.byBucket['Bearish:0.5']).toEqual({ cases: 4, held: 3 });
    expect(cal.byBucket['Bullish:0.2']).toEqual({ cases: 3, held: 1 });
    expect(cal.byLabel.Neutral).toEqual({ cases: 2, held: 1 });
    // Of the nine outcomes, 5 were falls (−5, −12, −1, −4, −20), 4 rises, 6 within ±10%.
    expect(cal.base).toEqual({ Bearish: 5 / 9, Bullish: 4 / 9, Neutral: 6 / 9 });
  });

  it('as of a day, counts only the days whose 30-day outcome was known by then', () => {
    const asOf = calibrate(days, day(33));
    expect(asOf.days, 'days 0–3: day 3 + 30 = day 33').toBe(4);
    expect(asOf.byBucket['Bearish:0.5']).toEqual({ cases: 4, held: 3 });
    expect(calibrate(days, day(29)).days, 'nothing is 30 days old yet').toBe(0);
  });

  it('walked day by day, gives the same table as counting all at once', () => {
    const c = createCalibrator();
    for (const d of days) c.add(d);
    expect(c.table()).toEqual(cal);
  });
});

describe('confidenceFor: the stated figure', () => {
  // 9 strong Bearish days that all fell, then 31 Neutral days that rose 1%: 40 days, 9 falls.
  const cal = calibrate([...Array.from({ length: 9 }, (_, i) => call(i, 'Bearish', -0.6, -0.01)), ...Array.from({ length: 31 }, (_, i) => call(9 + i, 'Neutral', 0.05, 0.01))]);
  const prior = (9 + 1) / (40 + 2); // the base rate, counted with one day each way

  it('GIVEN 9 cases all borne out THEN it is shrunk toward the base rate: (9 + m × prior) / (9 + m), not 100%', () => {
    const c = confidenceFor(cal, 'Bearish', -0.8);
    expect(cal.base.Bearish, '9 falls in 40 days').toBe(9 / 40);
    expect(c).toMatchObject({ cases: 9, held: 9, base: 9 / 40, few: true });
    expect(c.estimate!).toBeCloseTo((9 + PRIOR_CASES * prior) / (9 + PRIOR_CASES), 12);
    expect(confidenceFor(cal, 'Bearish', -0.8, 10).estimate!, 'with a weaker prior, nearer the 9 of 9').toBeCloseTo((9 + 10 * prior) / 19, 12);
    expect(confidenceFor(cal, 'Bearish', -0.8, 10).estimate!).toBeLessThan(1);
  });

  it('GIVEN no case in the bucket THEN the figure is the base rate, resting on nothing', () => {
    const c = confidenceFor(cal, 'Bearish', -0.25);
    expect(c).toMatchObject({ cases: 0, held: 0, few: true });
    expect(c.estimate!).toBeCloseTo(prior, 12);
  });

  it('GIVEN a base rate of 0% or 100% THEN the figure still stays inside (0, 1)', () => {
    const allUp = calibrate(Array.from({ length: 40 }, (_, i) => call(i, 'Bullish', 0.6, 0.01)));
    expect(allUp.base.Bullish).toBe(1);
    expect(confidenceFor(allUp, 'Bullish', 0.6).estimate!, '40 of 40').toBeLessThan(1);
    expect(confidenceFor(allUp, 'Bearish', -0.6).estimate!, 'no fall ever').toBeGreaterThan(0);
  });

  it(`GIVEN no table, or fewer than ${MIN_DAYS} replayed days THEN there is no figure`, () => {
    expect(confidenceFor(null, 'Neutral', 0).estimate).toBeNull();
    expect(confidenceFor(calibrate([]), 'Neutral', 0).estimate, 'a table of no days').toBeNull();
    expect(confidenceFor(calibrate(Array.from({ length: MIN_DAYS - 1 }, (_, i) => call(i, 'Neutral', 0, 0))), 'Neutral', 0).estimate).toBeNull();
  });

  it(`names ${FEW_CASES} cases and more as enough`, () => {
    const many = calibrate(Array.from({ length: 40 }, (_, i) => call(i, 'Bullish', 0.4, i % 2 ? 0.01 : -0.01)));
    expect(confidenceFor(many, 'Bullish', 0.4).few).toBe(false);
    const fewer = calibrate(Array.from({ length: 40 }, (_, i) => (i < FEW_CASES - 1 ? call(i, 'Bullish', 0.4, 0.01) : call(i, 'Neutral', 0, 0.01))));
    expect(confidenceFor(fewer, 'Bullish', 0.4)).toMatchObject({ cases: FEW_CASES - 1, few: true });
  });
});

describe('on the real BTC history (2021–2025)', () => {
  const days = replayHistory(realHistory('2021-01-01', '2025-12-31'), [0, 0.02]);
  const cal = calibrate(days);

  it('the tallies are the replayed days counted one by one', () => {
    const known = days.filter((d) => d.forward30 !== null);
    expect(cal.days).toBe(known.length);
    for (const b of BUCKETS) {
      const mine = known.filter((d) => bucketOf(d.label, d.score).id === b.id);
      expect(cal.byBucket[b.id], b.id).toEqual({ cases: mine.length, held: mine.filter((d) => heldAs(d.label, d.forward30!)).length });
    }
    expect(cal.base.Bearish).toBeCloseTo(known.filter((d) => d.forward30! < 0).length / known.length, 12);
  });

  it('no stated figure on any day of the walk reaches 0% or 100%', () => {
    const c = createCalibrator();
    let pending = 0;
    for (const d of days) {
      while (pending < days.length && addDays(days[pending]!.day, 30) <= d.day) c.add(days[pending++]!);
      const e = confidenceFor(c.table(), d.label, d.score).estimate;
      if (e !== null) expect(e > 0 && e < 1, `${d.day}: ${e}`).toBe(true);
    }
  });
});
