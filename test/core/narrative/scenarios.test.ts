/**
 * The "Done when" scenarios, on real Binance spot, funding and perp data. The headline
 * basis is derived (test/fixtures/history.ts): the real trailing 7-day mean of the daily funding
 * APR, which the ~90-day annualized basis tracks. No shift is needed: the real series has a clean
 * flip (February 2026), a recovery (May 2026), a chop (July 2023) and a collapse (January 2022).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../core/analysis.js';
import { confidenceShort } from '../../../core/narrative/confidence.js';
import { flipOnChainInput } from '../../fakes/coinmetrics/scenario.js';
import { realHistory } from '../../fixtures/history.js';

const BAND = [0, 0.005] as const;
const run = (from: string, to: string) => analyze({ asset: 'BTC', history: realHistory(from, to), snapshot: null, band: BAND });

describe('GIVEN the basis flips below zero after months above it (6 February 2026)', () => {
  // Two years of history to 10 February 2026. The derived basis was positive from November 2025
  // to 5 February 2026; its last negative stretch was in October 2025. Spot 68,841.29 on the
  // 10th, against 75,770.21 on the 3rd (−9.1%) and 91,013.65 on 11 January (−24.4%); the day's
  // three funding rates sum to −0.00022443, × 365 = −8.2% APR.
  const a = run('2024-02-11', '2026-02-10');

  it('THEN the note reads like the analyst note: Bearish, futures dipped below spot, first time since October 2025', () => {
    expect(a.note.label).toBe('Bearish');
    expect(a.note.situation).toBe('flip-negative');
    expect(a.note.headline).toBe('Bitcoin Futures Dip Below Spot, Signaling De-Risking');
    expect(a.note.paragraph).toBe(
      'Bitcoin futures have flipped into negative territory for the first time since October 2025: the annualized futures basis stands at −4.28%, against a seven-day average of +5.81% a month ago. ' +
        'The seven- and 30-day moving averages of the futures basis are both trending downward (−1.36% and +3.49%), confirming a bearish tilt. ' +
        "Funding runs at −8.2% annualized, below 99% of the past year's readings; the perpetual premium, at −0.052%, is below 77% of its past year. " +
        'Open-interest history is too short to judge leverage. ' +
        'Spot, at $68,841, has moved −9.1% over seven days (after −15.1% the week before) and −24.4% over 30, 30.9% below its 90-day high.',
    );
    expect(a.note.changeView, 'the band to reclaim is named').toBe(
      'A return above the 0%–0.5% futures basis range would be the first sign of renewed confidence.',
    );
    expect(a.note.context, 'the paragraph already says futures went below spot; the band crossing is news of its own').toEqual([
      'Basis below the 0%–0.5% range for the first time since October 2025.',
      'Seven-day basis average below zero for the first time since October 2025.',
    ]);
    expect(a.note.take, 'the measured confidence is checked in confidence.test.ts; here, where it goes').toBe(
      `Basis −4.28% · seven-day avg −1.36% falling · 30-day avg +3.49% falling — Bearish (${confidenceShort(a.confidence)}): futures dipped below spot, first time since October 2025.`,
    );
  });

  it('THEN the rationale names the leading drivers and the missing open interest', () => {
    expect(a.note.rationale).toBe(
      'Bearish: basis −4.28%, below the 0%–0.5% band; both averages falling, 7-day below the 30-day; price −24.4% over 30 days, −9.1% over 7. Missing: open interest, left out of the score.',
    );
  });
});

describe('GIVEN a recovery above the band (13 May 2026, after a negative February–April)', () => {
  const a = run('2024-05-25', '2026-05-24');
  it('THEN it is Bullish and says the basis climbed back above the band', () => {
    expect(a.note.label).toBe('Bullish');
    expect(a.note.situation).toBe('recovery');
    expect(a.note.headline).toBe('Bitcoin Futures Basis Climbs Back Above 0%–0.5%, Signaling Renewed Confidence');
    expect(a.note.paragraph.startsWith(
      'The Bitcoin futures basis has climbed back above the 0%–0.5% range for the first time since April 2026, to an annualized +4.95%',
    )).toBe(true);
    expect(a.note.paragraph).toContain('both trending upward (+3.71% and −0.26%), confirming a bullish tilt.');
    expect(a.note.changeView).toBe('A fall back into or below the 0%–0.5% futures basis range would undo the signal.');
    expect(a.note.rationale, 'a basis just under ordinary carry barely moves the score, so it is not called a drag').toBe(
      'Bullish: both averages rising, 7-day above the 30-day; funding 7.9% APR, above 81% of the past year. Missing: open interest, left out of the score.',
    );
  });
});

describe('GIVEN sideways chop (July 2023: spot near $30,000, basis near 5%)', () => {
  const a = run('2021-07-22', '2023-07-21');
  it('THEN it is Neutral and says the basis is going sideways', () => {
    expect(a.note.label).toBe('Neutral');
    expect(a.note.situation).toBe('chop');
    expect(a.note.headline).toBe('Bitcoin Futures Basis Chops Sideways');
    expect(a.note.paragraph).toContain('its seven-day average has crossed the 30-day 2 times in the past month.');
    expect(a.note.changeView).toBe(
      'A rise of the seven-day basis average above the 30-day (+7.67%) would tilt the view bullish; a drop below the 0%–0.5% range would tilt it bearish.',
    );
  });
  it('THEN the rationale names what pulls each way, leaving out drivers too small to matter', () => {
    expect(a.note.rationale).toBe(
      'Neutral. Pulling up: perp premium −0.035%, above 76% of the past year. Pulling down: funding 2.7% APR, below 75% of the past year; both averages flat, 7-day below the 30-day. Missing: open interest, left out of the score.',
    );
  });
});

describe('GIVEN the January 2022 basis collapse with a deep drawdown', () => {
  // Derived basis 10.95% on 9 January, 0.63% on the 29th; spot 38,167 is 43.5% under the
  // 8 November 2021 close of 67,525.83.
  const a = run('2021-01-01', '2022-01-29');
  it('THEN it is Bearish, a collapse, and the headline names the drawdown', () => {
    expect(a.note.label).toBe('Bearish');
    expect(a.note.situation).toBe('collapse');
    expect(a.note.headline).toBe('Bitcoin Futures Premium Collapses as Price Sits 43% Below Its High');
    expect(a.note.paragraph).toContain('both trending downward (+4.26% and +7.17%), confirming a bearish tilt.');
    expect(a.note.paragraph).toContain('43.5% below its 90-day high');
  });
});

describe('optional inputs', () => {
  const history = realHistory('2024-02-11', '2026-02-10');
  it('GIVEN no flow provider THEN the note never mentions flows', () => {
    const a = analyze({ asset: 'BTC', history, snapshot: null, band: BAND });
    expect(JSON.stringify(a.note)).not.toMatch(/flow/i);
  });
  it('GIVEN exchange flows and a leverage ratio THEN the note reports both (test/fakes/coinmetrics/scenario.ts)', () => {
    const a = analyze({ asset: 'BTC', history, snapshot: null, band: BAND, onChain: flipOnChainInput() });
    expect(a.note.paragraph).toContain('Flows to exchanges have surged: net inflows of 31,200 BTC ($2.16B) over seven days, the largest in 11 months');
    expect(a.note.paragraph).toContain('The futures leverage ratio (open interest ÷ coins on exchanges) is cooling back toward the low end of its year');
  });
  it('GIVEN open interest THEN leverage is judged from it', () => {
    const a = run('2024-12-17', '2025-12-17');
    expect(a.note.paragraph).toMatch(/Open interest is [+−]\d+\.\d% over seven days and [+−]\d+\.\d% over 30.* With no leverage-ratio feed, leverage is judged from open interest\./);
  });
  it('is deterministic', () => {
    expect(run('2024-02-11', '2026-02-10')).toEqual(run('2024-02-11', '2026-02-10'));
  });
});
