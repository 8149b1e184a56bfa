import { describe, expect, it } from 'vitest';
import { currentRun, movingAverage, slope } from '../../../core/signals/series.js';
import { perpBasisDerived } from '../../fixtures/history.js';

describe('movingAverage, checked against the independently derived perp/spot basis file', () => {
  const rows = perpBasisDerived();
  const ma7 = movingAverage(rows.map((r) => r.basisPct), 7);
  const ma30 = movingAverage(rows.map((r) => r.basisPct), 30);

  it('GIVEN the real daily basis_pct column THEN every 7- and 30-day trailing mean matches the file', () => {
    let compared = 0;
    rows.forEach((r, i) => {
      if (r.ma7 !== null) {
        expect(ma7[i], `ma7 on ${r.day}`).toBeCloseTo(r.ma7, 5); // the file keeps 6 decimals
        compared++;
      }
      if (r.ma30 !== null) expect(ma30[i], `ma30 on ${r.day}`).toBeCloseTo(r.ma30, 5);
    });
    expect(compared, 'the file covers 2021-01-07 to 2026-07-31').toBeGreaterThan(2000);
  });

  it('starts exactly where the file starts: no average before a full window', () => {
    expect(ma7.findIndex((v) => v !== null), 'first ma7 on day 7').toBe(rows.findIndex((r) => r.ma7 !== null));
    expect(ma30.findIndex((v) => v !== null), 'first ma30 on day 30').toBe(rows.findIndex((r) => r.ma30 !== null));
  });

  it('skips a missing day but refuses a window that is mostly missing', () => {
    expect(movingAverage([1, null, 3], 3)[2], 'mean of the two readings present').toBe(2);
    expect(movingAverage([null, null, 3], 3)[2], 'one reading of three is not an average').toBeNull();
  });
});

describe('slope', () => {
  it('calls a change inside the tolerance flat, and signs the rest', () => {
    expect(slope([0.01, 0, 0, 0, 0, 0.0109], 5, 0.001).dir, '+0.09 pt < 0.1 pt tolerance').toBe('flat');
    expect(slope([0.01, 0, 0, 0, 0, 0.02], 5, 0.001).dir).toBe('rising');
    expect(slope([0.01, 0, 0, 0, 0, 0], 5, 0.001).dir).toBe('falling');
    expect(slope([0.01, 0.02], 5, 0.001).dir, 'too short to say').toBeNull();
  });
});

describe('currentRun ("first time since")', () => {
  const days = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06'];
  const side = (v: number) => (v < 0 ? 'negative' : 'positive');

  it('GIVEN a negative day, then positive days, then two negative days THEN it names the earlier negative day', () => {
    const run = currentRun(days, [-0.01, 0.02, 0.03, null, -0.01, -0.02], side);
    expect(run, 'the run began on the 5th, the last negative day before it was the 1st').toEqual({
      side: 'negative',
      startedOn: '2025-03-05',
      length: 2,
      lastBefore: '2025-03-01',
      searchedFrom: '2025-03-01',
    });
  });

  it('GIVEN a series never before on this side THEN lastBefore is null', () => {
    expect(currentRun(days, [0.01, 0.02, 0.03, 0.01, 0.01, -0.02], side)?.lastBefore).toBeNull();
  });
});
