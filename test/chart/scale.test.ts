import { describe, expect, it } from 'vitest';
import { formatPercent, formatPrice, monthTicks, niceAxis } from '../../core/chart/scale.js';

describe('chart axes', () => {
  it('rounds an axis out to a 1-2-2.5-5 grid', () => {
    // 97 / 5 = 19.4 → step 20; 0.14 / 5 = 0.028 → step 0.05.
    expect(niceAxis(0, 97)).toEqual({ min: 0, max: 100, ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceAxis(-0.02, 0.12).ticks, 'no float noise such as 0.15000000000000002').toEqual([-0.05, 0, 0.05, 0.1, 0.15]);
    // 53,000 … 125,000 in three steps: 24,000 → step 25,000.
    expect(niceAxis(53_000, 125_000, 3).ticks).toEqual([50_000, 75_000, 100_000, 125_000]);
  });

  it('widens a flat series instead of dividing by zero', () => {
    const a = niceAxis(0.05, 0.05);
    expect(a.min < 0.05 && a.max > 0.05, 'the value sits inside the axis').toBe(true);
  });

  it('writes compact labels', () => {
    expect(formatPercent(0.025, 1)).toBe('2.5%');
    expect(formatPercent(-0.00001), 'never "-0%"').toBe('0%');
    expect(formatPrice(125_000)).toBe('125k');
    expect(formatPrice(62_904.5)).toBe('62.9k');
    expect(formatPrice(2450.4)).toBe('2,450');
    expect(formatPrice(0.98765)).toBe('0.988');
  });

  it('shows every month of a short range', () => {
    const days = ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'];
    expect(monthTicks(days)).toEqual([{ index: 2, label: 'Mar 2026' }]);
  });
});
