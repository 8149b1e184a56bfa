/** Chart bench: SVG build and PNG render of two years of daily points (target < 100 ms). */
import { createChartRenderer } from '../../bot/chart/render.js';
import { basisChartSvg } from '../../core/chart.js';
import { realChartInput } from '../chart/fixture.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchChart(runs = 11): string[] {
  const input = realChartInput('2024-08-01', '2026-07-31');
  const render = createChartRenderer();
  render(basisChartSvg(input)); // warm-up: the first render also loads the native module's font database
  const svgTimes: number[] = [];
  const pngTimes: number[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    // A different title each run: the renderer caches by content, and this measures a real render.
    const svg = basisChartSvg({ ...input, title: `${input.title} (run ${r})` });
    svgTimes.push(performance.now() - t);
    t = performance.now();
    bytes = render(svg).length;
    pngTimes.push(performance.now() - t);
  }
  const png = median(pngTimes);
  let t = performance.now();
  render(basisChartSvg({ ...input, title: `${input.title} (run 0)` }));
  const cached = performance.now() - t;
  return [
    `SVG of ${input.days.length} days: median ${median(svgTimes).toFixed(2)} ms`,
    `PNG render 960×540 (${Math.round(bytes / 1024)} KiB): median ${png.toFixed(1)} ms over ${runs} runs — target < 100 ms ${png < 100 ? 'met' : 'MISSED'}`,
    `SVG + PNG of a chart already rendered (cache hit): ${cached.toFixed(2)} ms`,
  ];
}
