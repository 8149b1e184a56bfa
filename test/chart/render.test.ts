import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../bot/chart/render.js';
import { basisChartSvg } from '../../core/chart.js';
import { realChartInput } from './fixture.js';
import { countColour, decodePng, PNG_SIGNATURE } from './png.js';

const render = createChartRenderer();
const input = realChartInput('2025-08-01', '2026-07-31');
const TITLE_REGION = { x0: 0, y0: 10, x1: 600, y1: 44 }; // the 21 px bold title at baseline y=36
const dark = (img: ReturnType<typeof decodePng>) => countColour(img, TITLE_REGION, [17, 24, 39], 60);

describe('createChartRenderer', () => {
  it('writes a PNG of the SVG’s size, 960×540', () => {
    const png = render(basisChartSvg(input));
    expect([...png.subarray(0, 8)], 'PNG signature').toEqual(PNG_SIGNATURE);
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([960, 540]);
    expect(img.at(2, 2), 'an opaque white background, readable in dark-mode clients').toEqual([255, 255, 255, 255]);
  });

  it('renders text with the bundled font although system fonts are off', () => {
    const withTitle = decodePng(render(basisChartSvg(input)));
    const without = decodePng(render(basisChartSvg({ ...input, title: '' })));
    expect(dark(without), 'control: with no title the region is blank').toBe(0);
    expect(dark(withTitle), 'the title’s glyphs put hundreds of dark pixels there').toBeGreaterThan(500);
  });

  it('would catch missing fonts: the same SVG rendered with no fonts has no title pixels', () => {
    // This is what a server without system fonts produced before the fonts were bundled.
    const bare = new Resvg(basisChartSvg(input), { font: { loadSystemFonts: false } }).render().asPng();
    expect(dark(decodePng(bare)), 'no font, no glyphs').toBe(0);
  });

  it('draws the basis line in its colour in the top panel and the price line in the bottom one', () => {
    const img = decodePng(render(basisChartSvg(input)));
    const basisBlue = countColour(img, { x0: 64, y0: 112, x1: 884, y1: 352 }, [0, 114, 178], 30);
    const blueBelow = countColour(img, { x0: 64, y0: 394, x1: 884, y1: 494 }, [0, 114, 178], 30);
    expect(basisBlue, 'a year of daily basis draws thousands of blue pixels').toBeGreaterThan(2000);
    expect(blueBelow, 'no basis colour in the price panel').toBe(0);
  });

  it('scales to a requested width', () => {
    const img = decodePng(createChartRenderer({ width: 480 })(basisChartSvg(input)));
    expect([img.width, img.height]).toEqual([480, 270]);
  });
});

describe('the chart cache', () => {
  it('renders the same chart once: a burst of /basis shares one PNG', () => {
    const r = createChartRenderer();
    const svg = basisChartSvg(input);
    const first = r(svg);
    expect(r(svg), 'the same bytes, not a second render').toBe(first);
    expect(r(basisChartSvg({ ...input, title: 'other' })), 'another chart is rendered anew').not.toBe(first);
  });

  it('forgets the least recently used chart beyond its size', () => {
    const r = createChartRenderer({ cacheSize: 1 });
    const a = basisChartSvg(input);
    const pngA = r(a);
    r(basisChartSvg({ ...input, title: 'B' }));
    expect(r(a), 'A was evicted by B, so it is rendered again').not.toBe(pngA);
  });
});
