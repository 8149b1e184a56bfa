/**
 * SVG → PNG with resvg and the bundled DejaVu fonts only. System fonts are never loaded: a server
 * or container often has none, and text would silently vanish from every chart.
 */
import { createHash } from 'node:crypto';
import { accessSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  /** Charts kept by content; a chart only changes once a day, and rendering costs ~40 ms. */
  cacheSize?: number;
}

export function createChartRenderer(opts: ChartRendererOptions = {}): ChartRenderer {
  // The native resvg build takes font paths, not buffers (those are wasm-only), so the paths are
  // resolved once and checked here: a missing font fails at start, not on the first /basis.
  const fontFiles = [...CHART_FONT_FILES];
  for (const f of fontFiles) accessSync(f);
  // resvg's native module is loaded with the first chart: /help and the console's start never need it.
  let Resvg: typeof import('@resvg/resvg-js').Resvg | null = null;
  const render = (svg: string) => {
    Resvg ??= (require('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg;
    const resvg = new Resvg(svg, {
      font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'DejaVu Sans' },
      fitTo: opts.width === undefined ? { mode: 'original' } : { mode: 'width', value: opts.width },
      background: '#ffffff',
    });
    return new Uint8Array(resvg.render().asPng());
  };
  // A thousand people asking /basis within a minute get one render, not a thousand.
  const cache = new Map<string, Uint8Array>();
  const max = opts.cacheSize ?? 16;
  return (svg) => {
    const key = createHash('sha1').update(svg).digest('base64');
    let png = cache.get(key);
    if (png) {
      cache.delete(key); // re-inserted below: most recently used last
    } else {
      png = render(svg);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
    }
    cache.set(key, png);
    return png;
  };
}
