/**
 * The walk-forward replay on the real bundled history (test/fixtures/history.ts): every day is
 * judged on the data up to that day only, by the same code the note uses, and its outcome is what
 * spot did afterwards.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../core/analysis.js';
import { replayHistory, WARMUP_DAYS } from '../../../core/replay/replay.js';
import { realHistory } from '../../fixtures/history.js';

const BAND = [0, 0.02] as const;
const history = realHistory('2021-01-01', '2025-12-31');
const days = replayHistory(history, BAND, { asset: 'BTC' });
const byDay = new Map(days.map((d) => [d.day, d]));

describe('replayHistory', () => {
  it('GIVEN a day THEN its label and score are what analyze() says on the history cut at that day', () => {
    // Every 53rd day: about 34 days spread over five years, each analyzed from scratch on its prefix.
    const sample = history.map((r, i) => i).filter((i) => i >= WARMUP_DAYS && i % 53 === 0);
    expect(sample.length).toBeGreaterThan(30);
    for (const i of sample) {
      const a = analyze({ asset: 'BTC', history: history.slice(0, i + 1), snapshot: null, band: BAND, calibration: null });
      const d = byDay.get(history[i]!.day)!;
      expect([d.label, d.score], `${history[i]!.day}: the replay uses the note's own regime code on the same data`).toEqual([a.regime.label, a.regime.score]);
    }
  });

  it('GIVEN a shorter history THEN the days it shares are judged the same: nothing after a day changes its call', () => {
    const cut = replayHistory(history.filter((r) => r.day <= '2023-06-30'), BAND, { asset: 'BTC' });
    expect(cut.at(-1)?.day).toBe('2023-06-30');
    for (const d of cut) {
      const full = byDay.get(d.day)!;
      expect([d.label, d.score], d.day).toEqual([full.label, full.score]);
    }
    expect(cut.at(-1)!.forward30, 'the outcome of the last day is not known yet').toBeNull();
    expect(cut.find((d) => d.day === '2023-05-31')!.forward30, 'the last day with a 30-day outcome inside the shorter history').not.toBeNull();
    expect(cut.find((d) => d.day === '2023-06-01')!.forward30).toBeNull();
  });

  it('starts after the warm-up and pairs each day with spot 7 and 30 days later, checked by hand', () => {
    expect(days[0]!.day, `${WARMUP_DAYS} days after the history's first day`).toBe('2021-03-02');
    // btc_spot_daily.csv: 2022-01-24 close 36,660.35; 2022-01-31 38,466.90; 2022-02-23 37,250.01.
    const d = byDay.get('2022-01-24')!;
    expect(d.spot).toBe(36660.35);
    expect(d.forward7!).toBeCloseTo(38466.9 / 36660.35 - 1, 12);
    expect(d.forward30!).toBeCloseTo(37250.01 / 36660.35 - 1, 12);
    expect(days.at(-1)!.forward30, 'the history ends before the outcome').toBeNull();
  });

  it('GIVEN a gap in the stored history THEN a day whose outcome falls in the gap has none, rather than a later price', () => {
    const gappy = history.filter((r) => r.day !== '2022-02-23');
    const d = replayHistory(gappy, BAND, { from: '2022-01-24', to: '2022-01-24' })[0]!;
    expect(d.day).toBe('2022-01-24');
    expect(d.forward30, 'no close on the 30th day').toBeNull();
    expect(d.forward7, 'the 7th day is there').toBeCloseTo(38466.9 / 36660.35 - 1, 12);
  });

  it('judges only the days from `from` to `to`, on signals that still read the days before', () => {
    const some = replayHistory(history, BAND, { from: '2024-01-01', to: '2024-01-31' });
    expect(some.map((d) => d.day)).toEqual(days.filter((d) => d.day >= '2024-01-01' && d.day <= '2024-01-31').map((d) => d.day));
    expect(some.map((d) => d.score)).toEqual(days.filter((d) => d.day >= '2024-01-01' && d.day <= '2024-01-31').map((d) => d.score));
  });
});
