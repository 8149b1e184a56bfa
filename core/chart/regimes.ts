/**
 * Spot shaded by the regime label of each day (960×400 SVG, pure): the backtest's picture. Each
 * day's label is a band behind the price line — bluish green Bullish, vermilion Bearish, grey
 * Neutral (Okabe–Ito, told apart in greyscale by their lightness) — so runs of a label and what
 * price did during them read at a glance.
 */
import type { RegimeLabel } from '../regime/classify.js';
import { extent, formatPrice, monthTicks, niceAxis } from './scale.js';
import { esc, linePath, r2, text } from './svg.js';

export interface RegimeChartInput {
  title: string;
  subtitle?: string;
  days: string[];
  price: (number | null)[];
  /** The label of each day; null where none was called. */
  labels: (RegimeLabel | null)[];
}

export const REGIME_CHART = { width: 960, height: 400 } as const;
export const LABEL_FILL: Readonly<Record<RegimeLabel, string>> = { Bullish: '#009E73', Neutral: '#BBBBBB', Bearish: '#D55E00' };

const X0 = 64;
const X1 = REGIME_CHART.width - 24;
const Y0 = 96;
const Y1 = 340;
const INK = '#111827';
const GRID = '#e5e7eb';

/** Consecutive days with the same label, as [label, first index, last index]. */
export function labelRuns(labels: readonly (RegimeLabel | null)[]): [RegimeLabel, number, number][] {
  const runs: [RegimeLabel, number, number][] = [];
  labels.forEach((l, i) => {
    const last = runs.at(-1);
    if (l === null) return;
    if (last && last[0] === l && last[2] === i - 1) last[2] = i;
    else runs.push([l, i, i]);
  });
  return runs;
}

/** Month ticks for a year or two; over longer spans, each January (the year) and July, so labels never collide. */
export function timeTicks(days: readonly string[]): { index: number; label: string }[] {
  if (days.length <= 2 * 366) return monthTicks(days, 12);
  return days.flatMap((d, index) => (d.endsWith('-01-01') ? [{ index, label: d.slice(0, 4) }] : d.endsWith('-07-01') ? [{ index, label: 'Jul' }] : []));
}

export function regimeChartSvg(input: RegimeChartInput): string {
  const n = input.days.length;
  const step = n > 1 ? (X1 - X0) / (n - 1) : 0;
  const x = (i: number) => (n <= 1 ? (X0 + X1) / 2 : X0 + i * step);
  const [lo, hi] = extent(input.price) ?? [0, 1];
  const axis = niceAxis(lo, hi, 5);
  const y = (v: number) => Y1 - ((v - axis.min) / (axis.max - axis.min)) * (Y1 - Y0);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${REGIME_CHART.width}" height="${REGIME_CHART.height}" viewBox="0 0 ${REGIME_CHART.width} ${REGIME_CHART.height}" font-family="DejaVu Sans">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text(X0 - 40, 34, input.title, { size: 20, fill: INK, weight: 'bold' }),
    input.subtitle ? text(X0 - 40, 56, input.subtitle, { size: 13, fill: '#6b7280' }) : '',
  ];
  let lx = X0;
  for (const label of ['Bullish', 'Neutral', 'Bearish'] as const) {
    out.push(`<rect x="${lx}" y="70" width="22" height="12" fill="${LABEL_FILL[label]}" fill-opacity="0.35"/>`, text(lx + 28, 80, label, { size: 12, fill: INK }));
    lx += 28 + label.length * 7 + 24;
  }
  // Each run spans from half a day before its first day to half a day after its last.
  for (const [label, a, b] of labelRuns(input.labels)) {
    const left = Math.max(X0, x(a) - step / 2);
    const right = Math.min(X1, x(b) + step / 2);
    out.push(`<rect class="run-${label.toLowerCase()}" x="${r2(left)}" y="${Y0}" width="${r2(Math.max(right - left, 0.5))}" height="${Y1 - Y0}" fill="${LABEL_FILL[label]}" fill-opacity="0.35"/>`);
  }
  for (const t of axis.ticks) {
    out.push(`<line x1="${X0}" y1="${r2(y(t))}" x2="${X1}" y2="${r2(y(t))}" stroke="${GRID}" stroke-width="1"/>`, text(X0 - 8, y(t) + 4, formatPrice(t), { size: 11, anchor: 'end' }));
  }
  out.push(`<path class="series-price" d="${linePath(input.price, x, y)}" fill="none" stroke="${INK}" stroke-width="1.4" stroke-linejoin="round"/>`);
  out.push(`<line x1="${X0}" y1="${Y1}" x2="${X1}" y2="${Y1}" stroke="#9ca3af"/>`, ...timeTicks(input.days).map((m) => text(x(m.index), Y1 + 20, m.label, { size: 11, anchor: 'middle' })));
  out.push(`<desc>${esc(`${input.title}: ${input.days[0] ?? ''} to ${input.days[n - 1] ?? ''}`)}</desc>`, '</svg>');
  return out.join('');
}
