import { describe, expect, it } from 'vitest';
import { classify } from '../../../core/regime/classify.js';
import { scoringTable, WEIGHTS, type DriverKey } from '../../../core/regime/weights.js';
import { computeSignals } from '../../../core/signals/index.js';
import type { DailyReading } from '../../../core/types.js';
import type { OnChainInput } from '../../../core/signals/onchain.js';
import { flipOnChainInput } from '../../fakes/coinmetrics/scenario.js';
import { realHistory } from '../../fixtures/history.js';

const BAND = [0, 0.005] as const;
const signalsOf = (history: DailyReading[], extra: { onChain?: OnChainInput } = {}) =>
  computeSignals({ asset: 'BTC', history, snapshot: null, band: BAND, ...extra });

describe('weights', () => {
  it('the core weights sum to one, so the score stays in [−1, +1]', () => {
    const core = (Object.keys(WEIGHTS) as DriverKey[]).filter((k) => !WEIGHTS[k].optional);
    expect(core.reduce((a, k) => a + WEIGHTS[k].weight, 0)).toBeCloseTo(1, 12);
  });

  it('scoringTable() lists every driver with its weight and reason, for the README', () => {
    const table = scoringTable();
    for (const w of Object.values(WEIGHTS)) {
      expect(table, `row for ${w.label}`).toContain(`| ${w.label} | ${Math.round(w.weight * 100)}%`);
      expect(table).toContain(w.why);
    }
    expect(table.split('\n')[0]).toBe('| Driver | Weight | Why |');
  });
});

describe('classify on the real February 2026 flip', () => {
  const full = realHistory('2024-02-11', '2026-02-10');
  const regime = classify(signalsOf(full));

  it('is Bearish, with drivers ranked by the size of their contribution', () => {
    expect(regime.label).toBe('Bearish');
    const sizes = regime.drivers.map((d) => Math.abs(d.contribution));
    expect(sizes, 'largest first').toEqual([...sizes].sort((a, b) => b - a));
    expect(regime.score, 'the score is the sum of the contributions').toBeCloseTo(regime.drivers.reduce((a, d) => a + d.contribution, 0), 3);
  });

  it('names the missing open interest and says how much of the weight had data', () => {
    expect(regime.missing.map((m) => m.key), 'this window has no OI readings').toEqual(['openInterest']);
    expect(regime.coverage, '1 − the OI weight').toBeCloseTo(1 - WEIGHTS.openInterest.weight, 10);
    expect(regime, 'how far to trust the label is measured on the replayed history (core/replay), not scored here').not.toHaveProperty('confidence');
  });

  it('GIVEN fewer signals THEN the coverage falls and each missing one is named, none invented', () => {
    const thin = full.map((r) => ({ ...r, fundingApr: null, premium: null }));
    const r = classify(signalsOf(thin));
    expect(r.missing.map((m) => m.key).sort()).toEqual(['funding', 'openInterest', 'premium']);
    expect(r.coverage, 'less data, less of the weight covered').toBeLessThan(regime.coverage);
    expect(r.drivers.some((d) => d.key === 'funding'), 'no funding driver without funding data').toBe(false);
  });

  it('GIVEN no on-chain provider THEN flows and the leverage ratio are neither scored nor called missing', () => {
    expect(regime.drivers.some((d) => d.key === 'flows' || d.key === 'leverageRatio')).toBe(false);
    expect(regime.missing.some((m) => m.key === 'flows' || m.key === 'leverageRatio')).toBe(false);
  });

  it('GIVEN the week of surging inflows and a cooling leverage ratio THEN both join the drivers on the bearish side', () => {
    // test/fakes/coinmetrics/scenario.ts: 31,200 BTC in seven days, larger than 364 of the year's 365
    // earlier weeks; the ratio −20.5% in 30 days.
    const r = classify(signalsOf(full, { onChain: flipOnChainInput() }));
    expect(r.drivers.find((d) => d.key === 'flows')?.score, 'inflow readies coins for sale: (0.5 − 364/365) × 2').toBeCloseTo(-0.9945, 4);
    expect(r.drivers.find((d) => d.key === 'leverageRatio')?.score, 'de-risking: −20.5% ÷ 25%').toBeCloseTo(-0.8217, 4);
    expect(r.coverage, 'optional drivers never change the coverage').toBe(regime.coverage);
    expect(r.drivers.filter((d) => d.key === 'flows' || d.key === 'leverageRatio').every((d) => d.contribution < 0), 'both on the bearish side').toBe(true);
    expect(r.label).toBe('Bearish');
  });

  it('is deterministic', () => {
    expect(classify(signalsOf(full))).toEqual(regime);
  });
});
