/**
 * The basis chart as an SVG document (960×540), pure: top panel the headline basis with its 7- and
 * 30-day averages, the zero line and the band; bottom panel the spot price. Colours are the
 * Okabe–Ito palette and each line also has its own dash pattern, so colour-blind readers and
 * greyscale prints can tell them apart. All text is 'DejaVu Sans', the font the renderer bundles.
 */
import { decimalsFor, extent, formatPercent, formatPrice, monthTicks, niceAxis } from './chart/scale.js';
import { esc, linePath, r2, text } from './chart/svg.js';

export interface BasisChartInput {
  title: string;
  subtitle?: string;
  days: string[]; // YYYY-MM-DD, one per value below
  /** Annualized basis and its averages as fractions (0.08 = 8 %); null where unknown. */
  basis: (number | null)[];
  ma7: (number | null)[];
  ma30: (number | null)[];
  price: (number | null)[];
  priceLabel: string; // e.g. 'BTC spot (USDT)'
  /** The basis band (fractions) shaded behind the lines. */
  band?: readonly [number, number];
}

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 540;
const FONT = 'DejaVu Sans';
const X0 = 64;
const X1 = CHART_WIDTH - 76; // room on the right for the last-value labels
const TOP = { y0: 112, y1: 352 };
const BOTTOM = { y0: 394, y1: 494 };
const INK = '#111827';
const MUTED = '#6b7280';
const GRID = '#e5e7eb';

/** Each basis series: colour, width and dash (Okabe–Ito blue, orange, vermilion). */
export const SERIES_STYLE = {
  basis: { label: 'Basis, annualized', color: '#0072B2', width: 2, dash: '' },
  ma7: { label: '7-day average', color: '#E69F00', width: 2, dash: '8 4' },
  ma30: { label: '30-day average', color: '#D55E00', width: 2, dash: '2 3' },
  price: { label: '', color: '#4b5563', width: 1.6, dash: '' },
} as const;
type Style = (typeof SERIES_STYLE)[keyof typeof SERIES_STYLE];

const path = (d: string, s: Style, cls: string): string =>
  d === ''
    ? ''
    : `<path class="${cls}" d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} stroke-linejoin="round" stroke-linecap="round"/>`;

const lastValue = (vs: readonly (number | null)[]): number | null => {
  for (let i = vs.length - 1; i >= 0; i--) {
    const v = vs[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) return v;
  }
  return null;
};

function legend(input: BasisChartInput, y: number): string {
  const items: string[] = [];
  let x = X0;
  const entry = (swatch: string, label: string) => {
    items.push(swatch, text(x + 34, y + 4, label, { size: 12, fill: INK }));
    x += 34 + label.length * 7 + 22; // DejaVu Sans 12 px averages ~7 px a character
  };
  for (const key of ['basis', 'ma7', 'ma30'] as const) {
    const s = SERIES_STYLE[key];
    entry(path(`M${x},${y}L${x + 26},${y}`, s, `legend-${key}`), s.label);
  }
  if (input.band) {
    entry(`<rect x="${x}" y="${y - 6}" width="26" height="12" fill="#009E73" fill-opacity="0.16"/>`, `Band ${formatPercent(input.band[0])} to ${formatPercent(input.band[1])}`);
  }
  return `<g class="legend">${items.join('')}</g>`;
}

export function basisChartSvg(input: BasisChartInput): string {
  const n = input.days.length;
  const x = (i: number) => (n <= 1 ? (X0 + X1) / 2 : X0 + (i * (X1 - X0)) / (n - 1));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${FONT}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g class="title">${text(X0 - 40, 36, input.title, { size: 21, fill: INK, weight: 'bold' })}${
      input.subtitle ? text(X0 - 40, 60, input.subtitle, { size: 13, fill: MUTED }) : ''
    }</g>`,
    legend(input, 88),
  ];
  if (n === 0) {
    out.push(text(CHART_WIDTH / 2, (TOP.y0 + BOTTOM.y1) / 2, 'No history stored yet', { size: 16, fill: MUTED, anchor: 'middle' }), '</svg>');
    return out.join('');
  }
  const months = monthTicks(input.days, 12);
  const monthGrid = (y0: number, y1: number) =>
    months.map((m) => `<line x1="${r2(x(m.index))}" y1="${y0}" x2="${r2(x(m.index))}" y2="${y1}" stroke="${GRID}" stroke-width="1"/>`).join('');

  // Top panel: the basis. Zero and the band are always in view: they are what the lines are read against.
  const [lo, hi] = extent(input.basis, input.ma7, input.ma30, [0, ...(input.band ?? [])]) ?? [0, 0.1];
  const axis = niceAxis(lo, hi, 5);
  const yB = (v: number) => TOP.y1 - ((v - axis.min) / (axis.max - axis.min)) * (TOP.y1 - TOP.y0);
  const dec = decimalsFor(axis.ticks);
  const top: string[] = [monthGrid(TOP.y0, TOP.y1)];
  if (input.band) {
    const [a, b] = [yB(Math.max(input.band[0], input.band[1])), yB(Math.min(input.band[0], input.band[1]))];
    top.push(`<rect class="band" x="${X0}" y="${r2(a)}" width="${X1 - X0}" height="${r2(b - a)}" fill="#009E73" fill-opacity="0.12"/>`);
  }
  for (const t of axis.ticks) {
    top.push(`<line x1="${X0}" y1="${r2(yB(t))}" x2="${X1}" y2="${r2(yB(t))}" stroke="${GRID}" stroke-width="1"/>`);
    top.push(text(X0 - 8, yB(t) + 4, formatPercent(t, dec), { size: 11, anchor: 'end' }));
  }
  top.push(`<line class="zero-line" x1="${X0}" y1="${r2(yB(0))}" x2="${X1}" y2="${r2(yB(0))}" stroke="#374151" stroke-width="1.2"/>`);
  top.push(path(linePath(input.ma30, x, yB), SERIES_STYLE.ma30, 'series-ma30'));
  top.push(path(linePath(input.ma7, x, yB), SERIES_STYLE.ma7, 'series-ma7'));
  top.push(path(linePath(input.basis, x, yB), SERIES_STYLE.basis, 'series-basis'));
  const lastBasis = lastValue(input.basis);
  if (lastBasis !== null) {
    top.push(text(X1 + 8, yB(lastBasis) + 4, formatPercent(lastBasis, 1), { size: 12, fill: SERIES_STYLE.basis.color, weight: 'bold', cls: 'last-basis' }));
  }
  out.push(`<g id="basis-panel">${top.join('')}</g>`);

  // Bottom panel: price, on its own scale (zero is not meaningful for a price).
  const [plo, phi] = extent(input.price) ?? [0, 1];
  const pAxis = niceAxis(plo, phi, 3);
  const yP = (v: number) => BOTTOM.y1 - ((v - pAxis.min) / (pAxis.max - pAxis.min)) * (BOTTOM.y1 - BOTTOM.y0);
  const bottom: string[] = [monthGrid(BOTTOM.y0, BOTTOM.y1), text(X0, BOTTOM.y0 - 10, input.priceLabel, { size: 12, fill: INK, weight: 'bold', cls: 'price-label' })];
  for (const t of pAxis.ticks) {
    bottom.push(`<line x1="${X0}" y1="${r2(yP(t))}" x2="${X1}" y2="${r2(yP(t))}" stroke="${GRID}" stroke-width="1"/>`);
    bottom.push(text(X0 - 8, yP(t) + 4, formatPrice(t), { size: 11, anchor: 'end' }));
  }
  bottom.push(path(linePath(input.price, x, yP), SERIES_STYLE.price, 'series-price'));
  const lastPrice = lastValue(input.price);
  if (lastPrice !== null) bottom.push(text(X1 + 8, yP(lastPrice) + 4, formatPrice(lastPrice), { size: 12, fill: INK, weight: 'bold', cls: 'last-price' }));
  out.push(`<g id="price-panel">${bottom.join('')}</g>`);

  // Shared x axis: month labels under the price panel.
  const labels = months.map((m) => text(x(m.index), BOTTOM.y1 + 20, m.label, { size: 11, anchor: 'middle' }));
  out.push(`<g class="x-axis"><line x1="${X0}" y1="${BOTTOM.y1}" x2="${X1}" y2="${BOTTOM.y1}" stroke="#9ca3af"/>${labels.join('')}</g>`);
  out.push(`<desc>${esc(`${input.title}: ${input.days[0]} to ${input.days[n - 1]}`)}</desc>`, '</svg>');
  return out.join('');
}
