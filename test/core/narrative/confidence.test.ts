/**
 * How the measured confidence reads: the note's sentence, the badge and the short form used by
 * /basis and the alerts. Exact text for each case the wording distinguishes, then the same words
 * on the real history, with the figures counted again here from the replay.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../core/analysis.js';
import { confidenceBadge, confidenceLine, confidenceShort } from '../../../core/narrative/confidence.js';
import { PRIOR_CASES, bucketOf, type Confidence } from '../../../core/replay/calibration.js';
import { heldAs } from '../../../core/replay/outcome.js';
import { replayHistory } from '../../../core/replay/replay.js';
import { realHistory } from '../../fixtures/history.js';

const conf = (c: Partial<Confidence> & Pick<Confidence, 'label'>): Confidence => ({
  bucket: bucketOf(c.label, c.label === 'Bearish' ? -0.6 : c.label === 'Bullish' ? 0.6 : 0),
  cases: 41,
  held: 26,
  base: 0.48,
  estimate: 0.6183,
  few: false,
  ...c,
});

describe('the confidence, in words', () => {
  it('GIVEN enough cases THEN the sentence states the estimate, the cases and the base rate', () => {
    const c = conf({ label: 'Bearish' });
    expect(confidenceLine(c, { days: 1204 })).toBe(
      'Bearish — in the replayed history, calls this strong were followed by lower prices 30 days later an estimated 62% of the time, over 41 cases. ' +
        'Across all 1,204 replayed days, prices were lower 30 days later 48% of the time.',
    );
    expect(confidenceBadge(c)).toBe('Bearish · 62% hit rate, 41 cases');
  });

  it('GIVEN few cases THEN they are named as few', () => {
    const c = conf({ label: 'Bullish', cases: 9, held: 8, base: 0.53, estimate: 0.6842, few: true });
    expect(confidenceLine(c, { days: 300 })).toBe(
      'Bullish — in the replayed history, calls this strong were followed by higher prices 30 days later an estimated 68% of the time, but over only 9 cases. ' +
        'Across all 300 replayed days, prices were higher 30 days later 53% of the time.',
    );
    expect(confidenceShort(c)).toBe('68% hit rate, only 9 cases');
    expect(confidenceShort({ ...c, cases: 1 })).toBe('68% hit rate, only 1 case');
  });

  it('GIVEN a Neutral reading THEN "the labelled way" is spot staying within 10%', () => {
    const c = conf({ label: 'Neutral', cases: 130, held: 75, base: 0.51, estimate: 0.57 });
    expect(confidenceLine(c, { days: 641 })).toBe(
      'Neutral — in the replayed history, Neutral readings like this one were followed by spot within 10% of its price 30 days later an estimated 57% of the time, over 130 cases. ' +
        'Across all 641 replayed days, spot ended 30 days later within 10% of where it stood 51% of the time.',
    );
  });

  it('GIVEN no past case in the bucket THEN it says there is no hit rate, and gives the base rate alone', () => {
    const c = conf({ label: 'Bearish', cases: 0, held: 0, estimate: 0.48, few: true });
    expect(confidenceLine(c, { days: 200 })).toBe(
      'Bearish — the replayed history has no call this strong yet, so there is no hit rate to state. Across all 200 replayed days, prices were lower 30 days later 48% of the time.',
    );
    expect(confidenceBadge(c)).toBe('Bearish · no past cases');
  });

  it('GIVEN too little history to replay THEN nothing is measured, and it says so', () => {
    const c = conf({ label: 'Neutral', cases: 0, held: 0, base: null, estimate: null, few: true });
    expect(confidenceLine(c, null)).toBe('Neutral — too little history has been replayed yet to say how often calls like this held.');
    expect(confidenceBadge(c)).toBe('Neutral · not yet measured');
  });

  it('GIVEN an estimate that would round to 100% or 0% THEN it reads 99% or 1%', () => {
    expect(confidenceShort(conf({ label: 'Bullish', estimate: 0.997 }))).toBe('99% hit rate, 41 cases');
    expect(confidenceShort(conf({ label: 'Bullish', estimate: 0.003 }))).toBe('1% hit rate, 41 cases');
  });
});

describe('GIVEN the real history to 7 February 2026 (the flip below zero)', () => {
  const history = realHistory('2024-01-01', '2026-02-07');
  const a = analyze({ asset: 'BTC', history, snapshot: null, band: [0, 0.02] });

  it('THEN the note states the share of past calls in its bucket, counted here again from the replay', () => {
    const replayed = replayHistory(history, [0, 0.02]).filter((d) => d.forward30 !== null);
    const mine = replayed.filter((d) => bucketOf(d.label, d.score).id === a.confidence.bucket.id);
    const held = mine.filter((d) => heldAs(d.label, d.forward30!)).length;
    const base = replayed.filter((d) => heldAs(a.regime.label, d.forward30!)).length / replayed.length;
    expect(a.confidence, 'the note’s bucket is that of its own label and score').toMatchObject({ label: a.regime.label, cases: mine.length, held, base });
    expect(a.confidence.bucket).toEqual(bucketOf(a.regime.label, a.regime.score));
    const prior = (base * replayed.length + 1) / (replayed.length + 2);
    expect(a.confidence.estimate!).toBeCloseTo((held + PRIOR_CASES * prior) / (mine.length + PRIOR_CASES), 12);
    expect(a.note.confidenceLine, 'the same object, the same words').toBe(confidenceLine(a.confidence, a.calibration));
    expect(a.note.confidenceLine.startsWith(`${a.regime.label} — in the replayed history,`)).toBe(true);
  });
});
