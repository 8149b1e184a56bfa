/** Axis arithmetic for the charts: round tick values, month ticks, compact labels. Pure. */

export interface Axis {
  min: number;
  max: number;
  ticks: number[];
}

/** Ticks on a 1-2-2.5-5 × 10^k grid covering [lo, hi], about `count` of them. */
export function niceAxis(lo: number, hi: number, count = 5): Axis {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return niceAxis(0, 1, count);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return niceAxis(lo - pad, hi + pad, count);
  }
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const min = Math.floor(lo / step) * step;
  const max = Math.ceil(hi / step) * step;
  // A range near the edge of double precision (a broken feed's 1e308) has no grid: draw 0–1 instead.
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(step > 0)) return niceAxis(0, 1, count);
  const ticks: number[] = [];
  // Rounded to the step's precision, so 0.30000000000000004 prints as 0.3.
  const digits = Math.min(100, Math.max(0, -Math.floor(Math.log10(step)) + 2));
  // Counted, not accumulated: where the step is below the values' precision, v += step never moves.
  for (let i = 0; i <= 4 * count + 4; i++) {
    const v = min + i * step;
    if (v > max + step / 2) break;
    ticks.push(Number(v.toFixed(digits)));
  }
  return { min, max, ticks };
}

/** Finite values among several series (nulls and NaN left out). */
export function extent(...series: readonly (number | null)[][]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const v of s) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** A fraction as a percentage with as few decimals as the tick step needs: 0.025 → '2.5%'. */
export function formatPercent(fraction: number, decimals = 0): string {
  const s = (fraction * 100).toFixed(decimals);
  return `${Number(s) === 0 ? s.replace('-', '') : s}%`; // never '-0%'
}

export const decimalsFor = (ticks: number[]): number =>
  ticks.some((t) => Math.abs(t * 100 - Math.round(t * 100)) > 1e-9) ? (ticks.some((t) => Math.abs(t * 1000 - Math.round(t * 1000)) > 1e-9) ? 2 : 1) : 0;

/** Prices at a glance: 95000 → '95k', 2450 → '2,450', 1.23 → '1.23'. */
export function formatPrice(v: number): string {
  const a = Math.abs(v);
  if (a >= 10_000) return `${Number((v / 1000).toFixed(a >= 100_000 ? 0 : 1))}k`;
  if (a >= 100) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(3)).toString();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface MonthTick {
  index: number; // position in `days`
  label: string; // 'Mar', or 'Jan 2025' where a year starts (and on the first label)
}

/**
 * Ticks at the first day of each month present, thinned to at most `max` labels; the label
 * carries the year on January and on the first tick so the reader always knows the year.
 */
export function monthTicks(days: readonly string[], max = 12): MonthTick[] {
  const firsts: number[] = [];
  days.forEach((d, i) => {
    if (d.endsWith('-01')) firsts.push(i);
  });
  const every = Math.max(1, Math.ceil(firsts.length / max));
  // Keep every n-th month counted from January, so two-year charts show Jan/Mar/May… not a drift.
  const kept = firsts.filter((i) => (Number(days[i]!.slice(5, 7)) - 1) % every === 0);
  return kept.map((index, k) => {
    const day = days[index]!;
    const month = MONTHS[Number(day.slice(5, 7)) - 1] ?? '?';
    return { index, label: k === 0 || month === 'Jan' ? `${month} ${day.slice(0, 4)}` : month };
  });
}
