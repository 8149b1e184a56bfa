/**
 * The scenarios, on the real dated basis: CME Micro Bitcoin futures against Binance spot
 * (test/fixtures/history.ts says how the ~90-day basis is built from them), with real Binance spot,
 * perpetual and funding. Each note reads 1,500 days of history, the HISTORY_DAYS default, and the
 * default 0%–2% band. Figures in the comments were read by hand from test/fixtures/data.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../core/analysis.js';
import { confidenceShort } from '../../../core/narrative/confidence.js';
import { flipOnChainInput } from '../../fakes/coinmetrics/scenario.js';
import { realHistory } from '../../fixtures/history.js';
import { createFixtureMarket } from '../../support/fixtureMarket.js';

const BAND = [0, 0.02] as const;
/** 1,500 days to `to` (from 2021-01-01 at the earliest), no live quote. */
const run = (to: string) => {
  const from = new Date(Date.parse(to) - 1499 * 86_400_000).toISOString().slice(0, 10);
  return analyze({ asset: 'BTC', history: realHistory(from < '2021-01-01' ? '2021-01-01' : from, to, { basis: 'cme' }), snapshot: null, band: BAND, calibration: null });
};

describe('GIVEN the seed-like flip: the live basis at −2.59% on 6 February 2026', () => {
  // The seed note's flip below spot was on Binance's quarterlies; the CME 90-day basis stayed at
  // +2.9% to +3.2% that week. So the live basis is scripted to −2.59% (as the README's alert example
  // does) over the real history to the 5 February close of 62,909.86: −25.7% on the 29 January
  // close of 84,650.16 (after −5.5% from 89,559.67), −32.9% on the 6 January close of 93,747.97. The
  // live funding is the day's last real rate, −0.00004957 per 8h: × 3 × 365 = −5.4% APR.
  const at = Date.parse('2026-02-06T12:00:00Z');
  const market = createFixtureMarket({ now: () => at }, { live: () => ({ basis: -0.0259 }) });
  const view = Promise.all([market.history('BTC', 1500), market.snapshot('BTC')]).then(([history, snapshot]) =>
    analyze({ asset: 'BTC', history, snapshot, band: BAND, calibration: null }),
  );

  it('THEN the note reads like the analyst note, naming the close and the live price as such', async () => {
    const a = await view;
    expect(a.note.situation).toBe('flip-negative');
    expect(a.note.headline).toBe('Bitcoin Futures Dip Below Spot, Signaling De-Risking');
    expect(a.note.paragraph).toBe(
      'Bitcoin futures have flipped into negative territory for the first time since December 2025: the annualized futures basis stands at −2.59%. ' +
        'A month ago its seven-day average was +5.57%. ' +
        'The seven-day moving average of the futures basis is trending sideways while the 30-day is trending downward (+4.70% and +4.74%), a mixed picture. ' +
        "Shorts are paying longs: funding runs at −5.4% annualized, below 99% of the past year's readings. " +
        "The perpetual trades cheap to spot by its own standards: its premium, at −0.066%, is below 99% of the past year's readings. " +
        'Open-interest history is too short to judge leverage. ' +
        'Spot is in a steep fall: it closed at $62,910 yesterday, 40.7% below its 90-day high; it trades at 62,910 USDT now. ' +
        'The selling is gathering pace: −25.7% over seven days after −5.5% the week before, and −32.9% over 30.',
    );
  });

  it('THEN each driver says why it pulls the way it does, and the change named has not happened yet', async () => {
    const a = await view;
    expect(a.note.rationale).toBe(
      'Bearish: basis −2.59%, below the 0%–2% band — futures below spot, a sign of de-risking; ' +
        'price −32.9% over 30 days, −25.7% over 7 — the price trend is down; ' +
        '7-day average flat, 30-day falling, 7-day below the 30-day — demand for carry is fading. Missing: open interest, left out of the score.',
    );
    expect(a.note.changeView).toBe('A return above the 0%–2% futures basis range would be the first sign of renewed confidence.');
    expect(a.note.watch, 'the basis is below the band: a return above it is still to come').toEqual(['above-band']);
    expect(a.note.context).toEqual(['Basis below the 0%–2% range for the first time since December 2025.']);
    expect(a.note.take).toBe(
      `Basis −2.59% · seven-day avg +4.70% flat · 30-day avg +4.74% falling — Bearish (${confidenceShort(a.confidence)}): futures dipped below spot, first time since December 2025.`,
    );
  });

  it('THEN it writes the seed’s sentence from the earlier flips (test/core/episodes.test.ts has their table)', async () => {
    const a = await view;
    expect(a.note.precedent).toBe(
      'Flips below zero have preceded a short-term bottom in 5 of 13 cases since December 2021: spot made its 30-day low within a week and closed higher 30 days later. ' +
        'Of the 10 with 200 days of record before them, only 2 came with spot below its 200-day average, as now. ' +
        'But 5 flips below zero led into deeper falls, the worst after 12 April 2022 and 21 February 2025.',
    );
    expect(a.analogs.every((x) => x.basis !== null && x.basis < 0), 'the most similar days are days with futures below spot too').toBe(true);
  });
});

describe('GIVEN a real flip below zero on the CME basis (21 February 2025, spot above its 200-day average)', () => {
  // MBTH5 closed at 95,700 (3,240 contracts) against spot 96,181.98, 34.67 days before its 28 March
  // 16:00 UTC settlement: (95,700 / 96,181.98 − 1) × 365 / 34.67 = −5.28%. Last below zero on
  // 6 September 2024. Spot −1.4% on the 14th's 97,500.48, −7.3% on 22 January's 103,706.66. Funding
  // (0.00000123 + 0.00002286 − 0.00000097) × 365 = 0.8% APR.
  const a = run('2025-02-21');

  it('THEN it is Bearish, a dip below spot, with the phase-matched precedent', () => {
    expect([a.note.label, a.note.situation]).toEqual(['Bearish', 'flip-negative']);
    expect(a.note.paragraph).toBe(
      'Bitcoin futures have flipped into negative territory for the first time since September 2024: the annualized futures basis stands at −5.28%. ' +
        'A month ago its seven-day average was +10.83%. ' +
        'The seven- and 30-day moving averages of the futures basis are both trending downward (+5.92% and +8.39%), confirming a bearish tilt. ' +
        "Demand for leveraged longs is weak: funding runs at 0.8% annualized, below 91% of the past year's readings. " +
        "The perpetual trades cheap to spot by its own standards: its premium, at −0.056%, is below 91% of the past year's readings. " +
        'Open-interest history is too short to judge leverage. ' +
        'Spot is falling: it last closed at $96,182, 9.4% below its 90-day high. ' +
        'The week turned lower: −1.4% over seven days after +1.0% the week before, and −7.3% over 30.',
    );
    expect(a.note.rationale).toBe(
      'Bearish: basis −5.28%, below the 0%–2% band — futures below spot, a sign of de-risking; ' +
        'both averages falling, 7-day below the 30-day — demand for carry is fading; ' +
        'funding 0.8% APR, below 91% of the past year — leveraged longs pay less than usual. Missing: open interest, left out of the score.',
    );
    expect(a.note.precedent, 'six flips came in a rising market, like this one: enough to count them apart').toBe(
      'Flips below zero with spot above its 200-day average have preceded a short-term bottom in 3 of 6 cases since May 2021: spot made its 30-day low within a week and closed higher 30 days later. ' +
        'But 5 flips below zero in either phase led into deeper falls, the worst after 12 April 2022 and 14 June 2024.',
    );
    expect(a.note.episodesTitle).toBe('Past flips below zero (8 most recent of 11)');
  });
});

describe('GIVEN the basis climbs back above the band after the 2022 bear (17 January 2023)', () => {
  // MBTH3 (55 contracts) closed at 21,450 against spot 21,134.81, 72.63 days before its 31 March
  // settlement: +7.50% annualized. Spot +21.2% on the 10th's 17,440.66, +26.3% on 18 December's 16,738.21.
  const a = run('2023-01-17');

  it('THEN it is Bullish and says what would undo it', () => {
    expect([a.note.label, a.note.situation]).toEqual(['Bullish', 'recovery']);
    expect(a.note.headline).toBe('Bitcoin Futures Basis Climbs Back Above 0%–2%, Signaling Renewed Confidence');
    expect(a.note.paragraph.startsWith(
      'The Bitcoin futures basis has climbed back above the 0%–2% range for the first time since December 2022, to an annualized +7.50%. A month ago its seven-day average was −3.56%. ',
    )).toBe(true);
    expect(a.note.paragraph).toContain('Spot is rallying hard: it last closed at $21,135, 0.8% below its 90-day high. The buying is gathering pace: +21.2% over seven days after +4.6% the week before, and +26.3% over 30.');
    expect(a.note.changeView).toBe('A fall back into or below the 0%–2% futures basis range would undo the signal.');
    expect(a.note.rationale).toBe(
      'Bullish: both averages rising, 7-day above the 30-day — demand for carry is building; ' +
        'price +26.3% over 30 days, +21.2% over 7 — the price trend is up; ' +
        'funding 11.0% APR, above 93% of the past year — leveraged longs pay more than usual. Missing: open interest, left out of the score.',
    );
    expect(a.note.precedent, 'for a bullish event the count is of higher prices 30 days on').toBe(
      'Climbs back above the band were followed by higher prices 30 days later in 1 of 4 cases since May 2021. ' +
        'Of the 3 with 200 days of record before them, none came with spot above its 200-day average, as now. ' +
        'But the climbs of 11 September 2022 and 26 October 2022 led into deeper falls.',
    );
  });
});

describe('GIVEN sideways chop as the basis drops into the band (20 January 2026)', () => {
  // MBTH6 (293 contracts) closed at 88,645 against spot 88,427.66, 65.67 days before settlement:
  // +1.37%, inside the band. Spot −7.3% on the 13th's close of 95,414.
  const a = run('2026-01-20');

  it('THEN it is chop, and a basis that is inside the band says why it pulls down', () => {
    expect([a.note.label, a.note.situation]).toEqual(['Bearish', 'chop']);
    expect(a.note.paragraph.startsWith(
      'The Bitcoin futures basis is going sideways at an annualized +1.37%: its seven-day average has crossed the 30-day 5 times in the past month.',
    )).toBe(true);
    expect(a.note.rationale).toBe(
      'Bearish: 7-day average flat, 30-day falling, 7-day below the 30-day — demand for carry is fading; ' +
        'basis +1.37%, inside the 0%–2% band — carry all but gone; price 22.8% below its 90-day high — a market in retreat. ' +
        'Against it: funding 8.1% APR, above 77% of the past year — leveraged longs pay more than usual. Missing: open interest, left out of the score.',
    );
    expect(a.note.changeView).toBe('A return above the 0%–2% futures basis range would be the first sign of renewed confidence.');
    expect(a.note.precedent, 'the opener does not tell the band loss, so the precedent does first').toBe(
      'The basis dropped out of the band on 20 January 2026. ' +
        'Drops out of the band with spot below its 200-day average have preceded a short-term bottom in 2 of 4 cases since December 2021: spot made its 30-day low within a week and closed higher 30 days later. ' +
        'But 5 drops out of the band in either phase led into deeper falls, the worst after 3 January 2022 and 11 April 2022.',
    );
  });
});

describe('GIVEN the January 2022 collapse with a deep drawdown (29 January 2022)', () => {
  // Spot 38,166.84 is 43.5% under the 8 November 2021 close of 67,525.83; the basis, +2.41%, is
  // still just above the band, so the note proposes what has not happened yet: a turn in the average.
  const a = run('2022-01-29');

  it('THEN it is Bearish, a collapse, and the headline names the drawdown', () => {
    expect([a.note.label, a.note.situation]).toEqual(['Bearish', 'collapse']);
    expect(a.note.headline).toBe('Bitcoin Futures Premium Collapses as Price Sits 43% Below Its High');
    expect(a.note.paragraph).toContain('both trending downward (+0.69% and +2.55%), confirming a bearish tilt.');
    expect(a.note.paragraph).toContain('Spot is bouncing after a falling month: it last closed at $38,167, 43.5% below its 90-day high.');
    expect(a.note.changeView).toBe(
      'A turn higher in the seven-day basis average, now +0.69%, would be the first sign of renewed confidence; a fall back into or below the 0%–2% futures basis range would deepen the de-risking.',
    );
    expect(a.note.watch).toEqual(['ma7-up', 'into-band']);
  });
});

describe('GIVEN the FTX collapse (9 November 2022)', () => {
  const a = run('2022-11-09');
  it('THEN the discount deepens, and the precedent is of the cross of the averages the day before', () => {
    expect([a.note.label, a.note.situation]).toEqual(['Bearish', 'deepening']);
    expect(a.note.headline).toBe('Bitcoin Futures Discount Deepens');
    expect(a.note.paragraph.startsWith(
      'Bitcoin futures have traded below spot for 3 days and the discount is deepening: the annualized futures basis stands at −17.02%.',
    )).toBe(true);
    expect(a.note.precedent?.startsWith('The seven-day basis average crossed below the 30-day on 8 November 2022.')).toBe(true);
  });
});

describe('optional inputs', () => {
  const history = realHistory('2024-02-11', '2026-02-10', { basis: 'cme' });
  it('GIVEN no flow provider THEN the note never mentions flows', () => {
    const a = analyze({ asset: 'BTC', history, snapshot: null, band: BAND, calibration: null });
    expect(JSON.stringify(a.note)).not.toMatch(/flow/i);
  });
  it('GIVEN exchange flows and a leverage ratio THEN the note reports both (test/fakes/coinmetrics/scenario.ts)', () => {
    const a = analyze({ asset: 'BTC', history, snapshot: null, band: BAND, calibration: null, onChain: flipOnChainInput() });
    expect(a.note.paragraph).toContain('Flows to exchanges have surged: net inflows of 31,200 BTC ($2.16B) over seven days, the largest in 11 months');
    expect(a.note.paragraph).toContain('The futures leverage ratio (open interest ÷ coins on exchanges) is cooling back toward the low end of its year');
  });
  it('GIVEN open interest THEN leverage is judged from it, meaning first', () => {
    const a = run('2025-12-17');
    expect(a.note.paragraph).toMatch(/Leverage is (building|coming off|steady): open interest is [+−]\d+\.\d% over seven days and [+−]\d+\.\d% over 30.* With no leverage-ratio feed, leverage is judged from open interest\./);
  });
  it('is deterministic', () => {
    expect(run('2026-02-10')).toEqual(run('2026-02-10'));
  });
});
