/**
 * Benchmark: one full note — signals, regime, analogs, measured confidence and the note — for one
 * asset on five years of daily history from the real fixtures, as the bot makes it: with the day's
 * calibration table already in the cache (target under 20 ms), and the replay that fills the
 * cache once a day, cold. Reports medians of many runs.
 */
import { performance } from 'node:perf_hooks';
import { analyze } from '../../core/analysis.js';
import { writeNote } from '../../core/narrative/note.js';
import { classify } from '../../core/regime/classify.js';
import { confidenceFor } from '../../core/replay/calibration.js';
import { computeSignals } from '../../core/signals/index.js';
import { createCalibrationCache } from '../../commands/calibrations.js';
import { realHistory } from '../fixtures/history.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

function time(runs: number, f: () => unknown, warmup = 20): number[] {
  for (let i = 0; i < warmup; i++) f(); // warm up the JIT
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return out;
}

export function benchAnalysis(runs = 100): string[] {
  const history = realHistory('2021-08-01', '2026-07-31'); // five years
  const band = [0, 0.02] as const;
  const input = { asset: 'BTC', history, snapshot: null, band };
  const cache = createCalibrationCache();
  const calibration = cache.get('BTC', history, band);
  const core = time(runs, () => {
    const s = computeSignals(input);
    const r = classify(s);
    return writeNote('Bitcoin', s, r, [], { confidence: confidenceFor(calibration, r.label, r.score), calibration });
  });
  const warm = time(runs, () => analyze({ ...input, calibration: cache.get('BTC', history, band) }));
  // Cold: a cache per run, so each run replays every day of the five years.
  const cold = time(5, () => createCalibrationCache().get('BTC', history, band), 1);
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  return [
    `analysis: ${history.length} days of BTC history (${history[0]!.day} to ${history.at(-1)!.day}), median / p95`,
    `  full note, calibration cached (analyze() with analogs and confidence): ${ms(median(warm))} / ${ms(p95(warm))} (target < 20 ms)`,
    `  signals + regime + note, no analogs:                                  ${ms(median(core))} / ${ms(p95(core))}`,
    `  replay filling the cache, cold (once per asset per day):             ${ms(median(cold))} (${cache.replays} replay for ${runs} warm notes)`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(benchAnalysis().join('\n'));
