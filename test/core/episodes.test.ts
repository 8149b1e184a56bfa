/**
 * Event analogs on real episodes: the earlier episodes of the event a note is about, with what
 * spot did next, on the real CME dated basis against Binance spot (test/fixtures/history.ts).
 * Each table is the code's answer; the comments give the CSV rows read by hand to check it.
 *
 * Columns: day, market phase (spot against its 200-day average; null in the record's first 200
 * days), basis that day, spot close, spot after 7 days, after 30, the worst close within the 30
 * days, days from the episode to that low, outcome ('bottom': the 30-day low within a week and
 * spot higher 30 days on; 'deeper': a further fall of 10% or more and spot still lower 30 days on).
 */
import { describe, expect, it } from 'vitest';
import { analyze, type EventAnalogs } from '../../core/analysis.js';
import { EPISODES } from '../../core/episodes.js';
import { realHistory } from '../fixtures/history.js';
import { createFixtureMarket } from '../support/fixtureMarket.js';

const BAND = [0, 0.02] as const;
type Row = [string, string | null, number | null, number, number, number, number, number, string | null];
const r4 = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);
const table = (e: EventAnalogs): Row[] =>
  e.episodes.map((x) => [x.day, x.phase, r4(x.basis), x.spot, r4(x.forward7)!, r4(x.forward30)!, r4(x.worst30)!, x.lowAfterDays!, x.outcome]);

describe('GIVEN the seed-like flip: the live basis at −2.59% on 6 February 2026', () => {
  // The seed note's flip was on Binance's quarterlies; the CME 90-day basis stayed near +3% that
  // week, so the live basis is scripted below zero, as the README's alert example does. The
  // history is real: 1,500 days to the 5 February close.
  it('THEN every earlier flip below zero in the 1,500 days is listed, 30 days apart, with what followed', async () => {
    const market = createFixtureMarket({ now: () => Date.parse('2026-02-06T12:00:00Z') }, { live: () => ({ basis: -0.0259 }) });
    const a = analyze({ asset: 'BTC', history: await market.history('BTC', 1500), snapshot: await market.snapshot('BTC'), band: BAND, calibration: null });
    const e = a.events!;
    expect([e.kind, e.current.day, e.current.phase], 'today: a flip below zero, spot under its 200-day average').toEqual(['below-zero', '2026-02-06', 'falling']);
    expect(e.searchedFrom, 'the first day of the 1,500 with a CME basis').toBe('2021-12-29');
    // Hand-checked in btc_spot_daily.csv (close; close 7 and 30 days on; lowest close in the 30 days):
    //   2022-01-20 40,680.91; 01-27 37,160.10 (−8.65%); 02-19 40,079.17 (−1.48%); low 01-22 35,071.42 (−13.79%)
    //   2024-06-14 66,043.99; 06-21 64,143.56 (−2.88%); 07-14 60,797.91 (−7.94%); low 07-07 55,857.81 (−15.42%)
    //   2025-02-21 96,181.98; 02-28 84,349.94 (−12.30%); 03-23 86,082.50 (−10.50%); low 03-10 78,595.86 (−18.28%)
    //   2025-08-29 108,377.40; 09-05 110,659.99 (+2.11%); 09-28 112,163.95 (+3.49%); low 08-31 108,246.35 (−0.12%)
    // and two bases in cme_mbt_btc_futures_daily.csv (the only quarterly with 20+ contracts that day):
    //   2022-01-20 MBTH2 40,535 (921), settles 2022-03-25 16:00, 63.67 days: (40,535 / 40,680.91 − 1) × 365 / 63.67 = −2.06%
    //   2025-02-21 MBTH5 95,700 (3,240), settles 2025-03-28 16:00, 34.67 days: (95,700 / 96,181.98 − 1) × 365 / 34.67 = −5.28%
    expect(table(e)).toEqual([
      ['2022-01-20', null, -0.0206, 40680.91, -0.0865, -0.0148, -0.1379, 2, 'deeper'],
      ['2022-02-20', null, -0.0078, 38386.89, -0.0179, 0.1036, -0.0359, 1, 'bottom'],
      ['2022-04-12', null, -0.0182, 40074.94, 0.0354, -0.2756, -0.2756, 30, 'deeper'],
      ['2023-03-03', 'rising', -0.0558, 22354.34, -0.0986, 0.2602, -0.0986, 7, 'bottom'],
      ['2023-05-12', 'rising', -0.0574, 26795.01, 0.0032, -0.0324, -0.0398, 24, null],
      ['2023-06-15', 'rising', -0.0186, 25598.49, 0.1674, 0.1833, 0, 0, 'bottom'],
      ['2024-03-15', 'rising', -0.0117, 69499.85, -0.0821, -0.0552, -0.1088, 4, 'deeper'],
      ['2024-06-14', 'rising', -0.026, 66043.99, -0.0288, -0.0794, -0.1542, 23, 'deeper'],
      ['2024-09-06', 'falling', -0.0204, 53962.97, 0.1211, 0.1641, 0, 0, 'bottom'],
      ['2025-02-21', 'rising', -0.0528, 96181.98, -0.123, -0.105, -0.1828, 17, 'deeper'],
      ['2025-06-13', 'rising', -0.0812, 106066.59, -0.0261, 0.1228, -0.0481, 9, null],
      ['2025-08-29', 'rising', -0.0076, 108377.4, 0.0211, 0.0349, -0.0012, 2, 'bottom'],
      ['2025-12-11', 'falling', -0.004, 92513.38, -0.0756, -0.0217, -0.0756, 7, null],
    ]);
    expect(e.stats, 'only 2 of the 10 with a phase were in a falling market: too few, so the counts are over all 13').toEqual({
      base: 'all',
      cases: 13,
      hits: 5,
      samePhase: 2,
      phased: 10,
      deeper: 5,
    });
    expect(a.note.precedent).toBe(
      'Flips below zero have preceded a short-term bottom in 5 of 13 cases since December 2021: spot made its 30-day low within a week and closed higher 30 days later. ' +
        'Of the 10 with 200 days of record before them, only 2 came with spot below its 200-day average, as now. ' +
        'But 5 flips below zero led into deeper falls, the worst after 12 April 2022 and 21 February 2025.',
    );
    expect(a.note.episodesTitle).toBe('Past flips below zero (8 most recent of 13)');
    expect(a.note.episodeLines[0], 'newest first').toBe(
      '11 December 2025 (spot below its 200-day average): basis −0.40%; spot −7.6% after 7 days, −2.2% after 30, worst −7.6%.',
    );
  });
});

describe('GIVEN the January 2022 collapse: the basis flips below zero on 20 January 2022', () => {
  const a = analyze({ asset: 'BTC', history: realHistory('2021-01-01', '2022-01-20', { basis: 'cme' }), snapshot: null, band: BAND, calibration: null });
  const e = a.events!;

  it('THEN the two earlier flips since the CME record began are found, with what followed', () => {
    expect([e.kind, e.current.day, e.current.phase]).toEqual(['below-zero', '2022-01-20', 'falling']);
    // Hand-checked in btc_spot_daily.csv:
    //   2021-09-14 47,111.52; 09-21 40,734.38 (−13.54%, also the 30-day low, day 7); 10-14 57,347.94 (+21.73%)
    //   2021-12-19 46,681.23; 12-26 50,775.49 (+8.77%); 2022-01-18 42,352.12 (−9.27%); low 01-07 41,566.48 (−10.96%)
    expect(table(e)).toEqual([
      ['2021-09-14', 'rising', -0.0041, 47111.52, -0.1354, 0.2173, -0.1354, 7, 'bottom'],
      ['2021-12-19', 'falling', -0.0477, 46681.23, 0.0877, -0.0927, -0.1096, 19, 'deeper'],
    ]);
  });

  it('THEN, with fewer than three, the note says they are too few instead of a rate', () => {
    expect(e.episodes.length).toBeLessThan(EPISODES.minCases);
    expect(a.note.precedent, '2021-05-03 (the first CME basis) to 2022-01-20').toBe(
      'The 262 days on record hold only 2 earlier flips below zero, too few to say what usually follows.',
    );
  });
});

describe('GIVEN November 2022 (FTX): the seven-day average crosses below the 30-day on 8 November', () => {
  // On the 9th the basis is −17.02% and has been below zero since the 6th, but it was also below
  // zero on 31 October: no fresh flip. The fresh event is the cross of the averages.
  const a = analyze({ asset: 'BTC', history: realHistory('2021-01-01', '2022-11-09', { basis: 'cme' }), snapshot: null, band: BAND, calibration: null });
  const e = a.events!;

  it('THEN the earlier crosses below are found, 30 days apart, with what followed', () => {
    expect([e.kind, e.current.day, e.current.phase]).toEqual(['cross-below', '2022-11-08', 'falling']);
    // Hand-checked in btc_spot_daily.csv:
    //   2021-10-29 62,253.71; 11-05 60,937.12 (−2.11%); 11-28 57,274.88 (−8.00%); low 11-26 53,726.53 (−13.70%)
    //   2022-04-12 40,074.94; 04-19 41,493.18 (+3.54%); 05-12 29,029.75 (−27.56%, the 30-day low on day 30)
    //   2022-07-14 20,588.84; 07-21 23,152.19 (+12.45%); 08-13 24,441.38 (+18.71%); never closed lower
    // 2021-09-19 is a Sunday without a liquid quarterly: no basis that day, but both averages cross.
    expect(table(e)).toEqual([
      ['2021-08-20', 'rising', -0.1224, 49322.47, -0.0051, -0.0422, -0.0907, 21, null],
      ['2021-09-19', 'rising', null, 47241.75, -0.0864, 0.3607, -0.1377, 2, 'bottom'],
      ['2021-10-29', 'rising', 0.0773, 62253.71, -0.0211, -0.08, -0.137, 28, 'deeper'],
      ['2022-04-12', 'falling', -0.0182, 40074.94, 0.0354, -0.2756, -0.2756, 30, 'deeper'],
      ['2022-07-14', 'falling', -0.017, 20588.84, 0.1245, 0.1871, 0, 0, 'bottom'],
    ]);
  });

  it('THEN the note names the cross, the rate over all five (only two in a falling market), and the deeper falls by date', () => {
    expect(a.note.precedent).toBe(
      'The seven-day basis average crossed below the 30-day on 8 November 2022. ' +
        'Crosses of the seven-day average below the 30-day have preceded a short-term bottom in 2 of 5 cases since May 2021: spot made its 30-day low within a week and closed higher 30 days later. ' +
        'Only 2 of them came with spot below its 200-day average, as now. ' +
        'But the crosses of 29 October 2021 and 12 April 2022 led into deeper falls.',
    );
  });
});

describe('GIVEN a day the note is about no event', () => {
  it('THEN there are no event analogs and no precedent (10 February 2026: no fresh turn)', () => {
    const a = analyze({ asset: 'BTC', history: realHistory('2022-01-01', '2026-02-10', { basis: 'cme' }), snapshot: null, band: BAND, calibration: null });
    expect(a.events, 'the basis has stayed above the band since 21 January, and the averages have not crossed lately').toBeNull();
    expect(a.note.precedent).toBeNull();
    expect(a.note.episodeLines).toEqual([]);
  });
});
