/**
 * The backtest's arithmetic on days made by hand, the walk that states each day's confidence from
 * the outcomes known by then, and the chart of spot shaded by label.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../core/calendar.js';
import { labelRuns, regimeChartSvg } from '../../../core/chart/regimes.js';
import { periodReport, walkForward, type StatedDay } from '../../../core/replay/backtest.js';
import { calibrate, confidenceFor } from '../../../core/replay/calibration.js';
import type { ReplayDay } from '../../../core/replay/replay.js';

const day = (n: number) => addDays('2022-01-01', n);
const stated = (n: number, label: ReplayDay['label'], forward30: number | null, o: Partial<StatedDay> = {}): StatedDay => ({
  day: day(n), label, score: label === 'Bullish' ? 0.3 : label === 'Bearish' ? -0.3 : 0, spot: 100, basis: null, return30: null, forward7: null, forward30, stated: null, baseThen: null, ...o,
});

describe('periodReport on hand-made days', () => {
  // Four Bullish days (+4%, −2%, +6%, +1%; 7-day +1%, +3%), two Bearish (−5%, +12%), two Neutral (+3%, −15%).
  const days = [
    stated(0, 'Bullish', 0.04, { forward7: 0.01, basis: 0.05, return30: 0.1, stated: 0.6, baseThen: 0.5 }),
    stated(1, 'Bullish', -0.02, { forward7: 0.03, basis: 0.04, return30: -0.02, stated: 0.6, baseThen: 0.5 }),
    stated(2, 'Bullish', 0.06, { basis: -0.01, return30: 0.05 }),
    stated(3, 'Bullish', 0.01, { basis: 0.02, return30: 0.01 }),
    stated(4, 'Bearish', -0.05, { basis: -0.02, return30: -0.1, stated: 0.45, baseThen: 0.4 }),
    stated(5, 'Bearish', 0.12, { basis: 0.03, return30: 0.02 }),
    stated(6, 'Neutral', 0.03, { return30: 0.03, stated: 0.75, baseThen: 0.6 }),
    stated(7, 'Neutral', -0.15, { return30: -0.01 }),
    stated(8, 'Bearish', null), // no outcome yet
  ];
  const r = periodReport(days, { name: 'test', from: day(0), to: day(8) });

  it('per label: days, forward returns, the share that moved its way and the base rate', () => {
    expect([r.days, r.judged]).toEqual([9, 8]);
    const bull = r.labels.find((l) => l.label === 'Bullish')!;
    expect(bull).toMatchObject({ days: 4, judged: 4, share: 3 / 4 });
    expect(bull.mean30!).toBeCloseTo((0.04 - 0.02 + 0.06 + 0.01) / 4, 12);
    expect(bull.median30!, 'the middle two of −2%, +1%, +4%, +6%').toBeCloseTo(0.025, 12);
    expect([bull.mean7, bull.median7]).toEqual([0.02, 0.02]);
    // Of the 8 outcomes, 5 rose, 3 fell, and 6 stayed within ±10% (all but +12% and −15%).
    expect(r.labels.map((l) => [l.label, l.base])).toEqual([['Bullish', 5 / 8], ['Neutral', 6 / 8], ['Bearish', 3 / 8]]);
    expect(r.labels.find((l) => l.label === 'Bearish')).toMatchObject({ days: 3, judged: 2, share: 1 / 2 });
    expect(r.labels.find((l) => l.label === 'Neutral')).toMatchObject({ days: 2, share: 1 / 2 });
  });

  it('the naive rules call from one reading alone, on the days that have it', () => {
    const rule = (name: string, label: string) => r.rules.find((x) => x.rule === name && x.label === label)!;
    expect(rule('Basis sign alone', 'Bullish'), 'days 0, 1, 3, 5: +4%, −2%, +1%, +12%').toMatchObject({ judged: 4, share: 3 / 4 });
    expect(rule('Basis sign alone', 'Bearish'), 'days 2, 4: +6%, −5%').toMatchObject({ judged: 2, share: 1 / 2 });
    expect(rule('30-day momentum alone', 'Bearish'), 'days 1, 4, 7: −2%, −5%, −15%').toMatchObject({ judged: 3, share: 1 });
  });

  it('the calibration bins and the Brier score, beside the base rate’s', () => {
    const bin = (lo: number) => r.calibration.find((b) => b.lo === lo)!;
    expect(bin(0.6)).toMatchObject({ days: 2, meanStated: 0.6, observed: 0.5 });
    expect(bin(0.4)).toMatchObject({ days: 1, observed: 1 });
    expect(bin(0.7)).toMatchObject({ days: 1, meanStated: 0.75, observed: 1 });
    expect(r.brierDays).toBe(4);
    expect(r.brier!).toBeCloseTo((0.4 ** 2 + 0.6 ** 2 + 0.55 ** 2 + 0.25 ** 2) / 4, 12);
    expect(r.brierBase!).toBeCloseTo((0.5 ** 2 + 0.5 ** 2 + 0.6 ** 2 + 0.4 ** 2) / 4, 12);
  });
});

describe('walkForward', () => {
  it('states on each day what the table of the outcomes known by then says, as the bot’s daily cache would', () => {
    const days: ReplayDay[] = Array.from({ length: 120 }, (_, i) => ({
      day: day(i), label: i % 3 === 0 ? 'Bearish' : 'Bullish', score: i % 3 === 0 ? -0.4 : 0.25, spot: 100, basis: null, return30: null, forward7: null, forward30: i % 4 === 0 ? -0.03 : 0.02,
    }));
    const walked = walkForward(days);
    for (const d of walked) expect(d.stated, d.day).toBe(confidenceFor(calibrate(days, d.day), d.label, d.score).estimate);
    expect(walked.findIndex((d) => d.stated !== null), 'a month of outcomes (MIN_DAYS) is needed first: day 59').toBe(59);
  });
});

describe('the regime chart', () => {
  it('groups days into runs of one label and draws one band per run', () => {
    expect(labelRuns(['Bullish', 'Bullish', null, 'Bullish', 'Bearish', 'Bearish'])).toEqual([['Bullish', 0, 1], ['Bullish', 3, 3], ['Bearish', 4, 5]]);
    const svg = regimeChartSvg({ title: 'T', days: ['2024-01-01', '2024-01-02', '2024-01-03'], price: [1, 2, 3], labels: ['Bullish', 'Neutral', 'Neutral'] });
    expect(svg.match(/class="run-/g)).toHaveLength(2);
  });
});
