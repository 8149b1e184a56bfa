import { describe, expect, it } from 'vitest';
import { findAnalogs } from '../../../core/analogs.js';
import { computeSignals } from '../../../core/signals/index.js';
import { realHistory } from '../../fixtures/history.js';

const DAY = 86_400_000;
const gap = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / DAY;

describe('historical analogs on two real years to the February 2026 flip', () => {
  const history = realHistory('2024-02-11', '2026-02-10');
  const signals = computeSignals({ asset: 'BTC', history, snapshot: null, band: [0, 0.005] });
  const analogs = findAnalogs(history, signals);
  const spot = new Map(history.map((r) => [r.day, r.spot]));

  it('returns three, nearest first', () => {
    expect(analogs).toHaveLength(3);
    const d = analogs.map((a) => a.distance);
    expect(d).toEqual([...d].sort((a, b) => a - b));
  });

  it('keeps them at least 30 days from each other and from today', () => {
    for (const a of analogs) {
      expect(gap(a.day, '2026-02-10'), `${a.day} vs today`).toBeGreaterThanOrEqual(30);
      for (const b of analogs) if (a !== b) expect(gap(a.day, b.day), `${a.day} vs ${b.day}`).toBeGreaterThanOrEqual(30);
    }
  });

  it('gives each the real spot return over the following 30 days', () => {
    for (const a of analogs) {
      const later = new Date(Date.parse(a.day) + 30 * DAY).toISOString().slice(0, 10);
      expect(spot.has(later), 'only days with 30 days after them').toBe(true);
      expect(a.forward30).toBeCloseTo(spot.get(later)! / spot.get(a.day)! - 1, 12);
    }
  });

  it('GIVEN today repeats the readings of a past day THEN that day is the nearest analog, at distance 0', () => {
    // "Today" is 2025-06-15 (signals from the history up to it); the searched history runs 40 days
    // further, so 2025-06-15 itself becomes a candidate with identical readings.
    const i = history.findIndex((r) => r.day === '2025-06-15');
    const today = computeSignals({ asset: 'BTC', history: history.slice(0, i + 1), snapshot: null, band: [0, 0.005] });
    const nearest = findAnalogs(history.slice(0, i + 41), today)[0];
    expect(nearest?.day).toBe('2025-06-15');
    expect(nearest?.distance).toBe(0);
  });

  it('GIVEN too little history THEN no analogs rather than weak ones', () => {
    expect(findAnalogs(history.slice(0, 50), signals)).toEqual([]);
  });
});
