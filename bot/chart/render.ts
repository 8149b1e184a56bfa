/**
 * SVG → PNG with resvg and the bundled DejaVu fonts only. System fonts are never loaded: a server
 * or container often has none, and text would silently vanish from every chart.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { ChartRenderer } from '../../core/ports.js';

const require = createRequire(import.meta.url);

/** The font files behind 'DejaVu Sans' (regular for labels, bold for titles). */
export const CHART_FONT_FILES: readonly string[] = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
];

export interface ChartRendererOptions {
  /** Output width in pixels; the SVG is scaled to it. Defaults to the SVG's own width. */
  width?: number;
}

export function createChartRenderer(opts: ChartRendererOptions = {}): ChartRenderer {
  // Read once: resvg parses buffers on every render, but the disk is touched only here.
  const fontBuffers = CHART_FONT_FILES.map((f) => readFileSync(f));
  return (svg) => {
    const resvg = new Resvg(svg, {
      font: { loadSystemFonts: false, fontBuffers, defaultFontFamily: 'DejaVu Sans' },
      fitTo: opts.width === undefined ? { mode: 'original' } : { mode: 'width', value: opts.width },
      background: '#ffffff',
    });
    return new Uint8Array(resvg.render().asPng());
  };
}
