import { describe, expect, it } from 'vitest';
import { basisChartSvg, SERIES_STYLE } from '../../core/chart.js';
import type { BasisChartInput } from '../../core/chart.js';
import { realChartInput } from './fixture.js';

const days = (from: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

const small = (over: Partial<BasisChartInput> = {}): BasisChartInput => ({
  title: 'BTC futures basis',
  days: days('2025-11-20', 5),
  basis: [0.12, 0.08, -0.02, 0.03, 0.05],
  ma7: [null, null, null, null, null],
  ma30: [null, null, null, null, null],
  price: [91000, 92000, 90500, 89000, 90000],
  priceLabel: 'BTC spot (USDT)',
  band: [0.05, 0.1],
  ...over,
});

const pathOf = (svg: string, cls: string): string => svg.match(new RegExp(`<path class="${cls}" d="([^"]*)"`))?.[1] ?? '';
const attr = (tag: string, name: string): number => Number(tag.match(new RegExp(` ${name}="([^"]*)"`))?.[1]);
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('basisChartSvg', () => {
  it('draws a 960×540 document with a basis panel above a price panel', () => {
    const svg = basisChartSvg(small());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="960" height="540"'), 'the size Discord and Telegram preview well').toBe(true);
    const top = svg.indexOf('id="basis-panel"');
    const bottom = svg.indexOf('id="price-panel"');
    expect(top, 'basis panel present').toBeGreaterThan(0);
    expect(bottom, 'price panel present, after the basis panel').toBeGreaterThan(top);
    expect(pathOf(svg, 'series-basis'), 'the basis line is drawn').not.toBe('');
    expect(pathOf(svg, 'series-price'), 'the price line is drawn').not.toBe('');
    expect(texts(svg), 'the price panel is labelled').toContain('BTC spot (USDT)');
  });

  it('marks zero and shades the band above it, both inside the basis panel', () => {
    const svg = basisChartSvg(small());
    const zero = svg.match(/<line class="zero-line"[^>]*>/)?.[0] ?? '';
    const band = svg.match(/<rect class="band"[^>]*>/)?.[0] ?? '';
    expect(zero, 'a zero line').not.toBe('');
    expect(band, 'a band').not.toBe('');
    const zeroY = attr(zero, 'y1');
    const bandBottom = attr(band, 'y') + attr(band, 'height');
    expect(bandBottom, 'the band (5–10 %) lies above zero: smaller y in SVG').toBeLessThan(zeroY);
    // Axis −5 % … 15 % over the panel: 5 % sits at 1/2 of the way up, 10 % at 3/4.
    expect(attr(band, 'height'), 'the band spans a quarter of the axis range').toBeCloseTo((352 - 112) / 4, 1);
    expect(texts(svg).filter((t) => t.endsWith('%') && !t.includes(' ')), 'tick labels on a 5 % grid covering −2 … 12 %').toEqual(['-5%', '0%', '5%', '10%', '15%', '5.0%']);
  });

  it('labels every line in a legend, and gives each a different dash pattern', () => {
    const svg = basisChartSvg(small());
    const legend = svg.match(/<g class="legend">(.*?)<\/g>/)?.[1] ?? '';
    for (const label of ['Basis, annualized', '7-day average', '30-day average', 'Band 5% to 10%']) {
      expect(legend, `legend names "${label}"`).toContain(`>${label}<`);
    }
    const dashes = new Set([SERIES_STYLE.basis.dash, SERIES_STYLE.ma7.dash, SERIES_STYLE.ma30.dash]);
    expect(dashes.size, 'lines differ by dash as well as colour, for colour-blind readers').toBe(3);
  });

  it('escapes text, so a title cannot break the document', () => {
    const svg = basisChartSvg(small({ title: 'Q&A <b>bold</b>', subtitle: 'a > b', priceLabel: 'X & Y' }));
    expect(svg).toContain('Q&amp;A &lt;b&gt;bold&lt;/b&gt;');
    expect(svg).toContain('a &gt; b');
    expect(svg).toContain('X &amp; Y');
    expect(svg, 'no raw markup from the title').not.toContain('<b>');
  });

  it('breaks a line at a null instead of dropping it to zero', () => {
    const svg = basisChartSvg(small({ basis: [0.04, 0.06, null, 0.08, 0.07] }));
    const d = pathOf(svg, 'series-basis');
    expect(d.match(/M/g), 'two segments: before and after the gap').toHaveLength(2);
    expect(d.match(/L/g), 'one line within each segment').toHaveLength(2);
    const zeroY = attr(svg.match(/<line class="zero-line"[^>]*>/)![0], 'y1');
    const ys = [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys.every((y) => y < zeroY), 'every drawn point is above zero, as every value is positive').toBe(true);
  });

  it('draws a lone value between gaps as a dot, and an all-null average as nothing', () => {
    const svg = basisChartSvg(small({ ma7: [null, 0.05, null, null, null] }));
    const d = pathOf(svg, 'series-ma7');
    expect(d, 'a zero-length segment: the round cap draws a dot').toMatch(/^M([\d.]+,[\d.]+)L\1$/);
    expect(svg, 'no path at all for a series with no values').not.toContain('class="series-ma30"');
  });

  it('puts month ticks on the x axis, with the year where it changes', () => {
    const svg = basisChartSvg(small({ days: days('2025-11-20', 90), basis: Array(90).fill(0.05), ma7: Array(90).fill(null), ma30: Array(90).fill(null), price: Array(90).fill(90000) }));
    const axis = svg.match(/<g class="x-axis">(.*?)<\/g>/)?.[1] ?? '';
    // 2025-11-20 + 89 days = 2026-02-17: firsts of Dec, Jan and Feb are in view.
    expect(texts(axis)).toEqual(['Dec 2025', 'Jan 2026', 'Feb']);
  });

  it('sets every piece of text in DejaVu Sans, the font the renderer bundles', () => {
    const svg = basisChartSvg(small());
    expect(svg.match(/font-family="[^"]*"/g), 'one font declaration, on the root, inherited by all text').toEqual(['font-family="DejaVu Sans"']);
  });

  it('says so when there is no history', () => {
    const svg = basisChartSvg(small({ days: [], basis: [], ma7: [], ma30: [], price: [] }));
    expect(texts(svg)).toContain('No history stored yet');
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('draws two years of real data with 12 month labels at most', () => {
    const input = realChartInput('2024-08-01', '2026-07-31');
    expect(input.days, '730 days, the real files have no gaps').toHaveLength(730);
    const svg = basisChartSvg(input);
    const axis = svg.match(/<g class="x-axis">(.*?)<\/g>/)?.[1] ?? '';
    expect(texts(axis)[0], 'every second month from January; the first carries its year').toBe('Sep 2024');
    expect(texts(axis).length).toBeLessThanOrEqual(12);
    expect(pathOf(svg, 'series-ma30').match(/M/g), 'the 30-day average is warm from the first day: one unbroken line').toHaveLength(1);
  });
});
