/**
 * Benchmark: one full note — signals, regime, analogs, measured confidence and the note — for one
 * asset on five years of daily history from the real fixtures, as the bot makes it: with the day's
 * calibration table already in the cache (target under 20 ms), and the replay that fills the
 * cache once a day, cold. Reports medians of many runs. The history is the real CME dated basis
 * against Binance spot (test/fixtures/history.ts), five years to its last day, 2026-02-12; the
 * event-day note has the live basis at −2.59% on 6 February 2026, so it lists the earlier flips
 * below zero and writes their precedent.
 */
import { performance } from 'node:perf_hooks';
import { analyze } from '../../core/analysis.js';
import { writeNote } from '../../core/narrative/note.js';
import { classify } from '../../core/regime/classify.js';
import { confidenceFor } from '../../core/replay/calibration.js';
import { computeSignals } from '../../core/signals/index.js';
import { createCalibrationCache } from '../../commands/calibrations.js';
import { buildSnapshot } from '../../core/basis.js';
import { DAY_MS } from '../../core/calendar.js';
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
  const history = realHistory('2021-02-13', '2026-02-12', { basis: 'cme' }); // five years
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
  // An event day: five years to 5 February 2026 and a live quote the next day with the basis at −2.59%.
  const toFeb5 = history.filter((r) => r.day <= '2026-02-05');
  const at = Date.parse('2026-02-06T12:00:00Z');
  const spot = toFeb5.at(-1)!.spot;
  const expiries = [Date.parse('2026-03-27T08:00:00Z'), Date.parse('2026-06-26T08:00:00Z')];
  const snapshot = buildSnapshot(
    [{ venue: 'binance', asset: 'BTC', at, spot, perp: null, funding: null, openInterest: null,
      dated: expiries.map((expiry) => ({ symbol: `BTC/USDT:USDT-${expiry}`, expiry, price: spot * (1 + (-0.0259 * (expiry - at)) / DAY_MS / 365), openInterestUsd: null })) }],
    at,
  );
  const eventInput = { ...input, history: toFeb5, snapshot };
  const eventCalibration = cache.get('BTC', toFeb5, band);
  const event = time(runs, () => analyze({ ...eventInput, calibration: eventCalibration }));
  const events = analyze({ ...eventInput, calibration: eventCalibration }).events;
  // Cold: a cache per run, so each run replays every day of the five years.
  const cold = time(5, () => createCalibrationCache().get('BTC', history, band), 1);
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  return [
    `analysis: ${history.length} days of BTC history (${history[0]!.day} to ${history.at(-1)!.day}), median / p95`,
    `  full note, calibration cached (analyze() with analogs and confidence): ${ms(median(warm))} / ${ms(p95(warm))} (target < 20 ms)`,
    `  full note on an event day (a flip below zero, ${String(events?.episodes.length ?? 0).padStart(2)} earlier listed):    ${ms(median(event))} / ${ms(p95(event))} (target < 20 ms)`,
    `  signals + regime + note, no analogs:                                  ${ms(median(core))} / ${ms(p95(core))}`,
    `  replay filling the cache, cold (once per asset per day):             ${ms(median(cold))} (${cache.replays} replay for ${runs} warm notes)`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(benchAnalysis().join('\n'));
