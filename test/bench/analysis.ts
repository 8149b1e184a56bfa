/**
 * Benchmark: signals + regime + note (+ analogs) for one asset with two years of daily history,
 * from the real fixtures. Target: under 20 ms per analysis. Reports the median of many runs.
 */
import { performance } from 'node:perf_hooks';
import { findAnalogs } from '../../core/analogs.js';
import { analyze } from '../../core/analysis.js';
import { writeNote } from '../../core/narrative/note.js';
import { classify } from '../../core/regime/classify.js';
import { computeSignals } from '../../core/signals/index.js';
import { realHistory } from '../fixtures/history.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function time(runs: number, f: () => unknown): number[] {
  for (let i = 0; i < 20; i++) f(); // warm up the JIT
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return out;
}

export function benchAnalysis(runs = 200): string[] {
  const history = realHistory('2024-08-01', '2026-07-31'); // 730 days
  const input = { asset: 'BTC', history, snapshot: null, band: [0, 0.005] as const };
  const core = time(runs, () => {
    const s = computeSignals(input);
    const r = classify(s);
    return writeNote('Bitcoin', s, r, []);
  });
  const full = time(runs, () => analyze(input));
  const analogsOnly = time(runs, () => findAnalogs(history, computeSignals(input)));
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  return [
    `analysis: ${history.length} days of BTC history, ${runs} runs each (median / p95)`,
    `  signals + regime + note: ${ms(median(core))} / ${ms(core.sort((a, b) => a - b)[Math.floor(runs * 0.95)]!)} (target < 20 ms)`,
    `  analogs (with signals):  ${ms(median(analogsOnly))}`,
    `  analyze() end to end:    ${ms(median(full))}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(benchAnalysis().join('\n'));
