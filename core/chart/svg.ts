/** Small SVG-writing helpers shared by the charts. Pure string building. */

/** Escapes text and attribute values: `& < >` and both quotes. */
export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Two decimals are sub-pixel at 960 px: enough, and keeps the SVG small. */
export const r2 = (v: number): string => (Math.round(v * 100) / 100).toString();

/**
 * A polyline path through the non-null values; a null (or non-finite) value ends the current
 * segment, so a gap shows as a gap rather than a plunge to zero. A lone point between gaps gets a
 * zero-length segment, which a round line cap draws as a dot.
 */
export function linePath(values: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  let open = false;
  let segStart = '';
  let segLen = 0;
  const closeLone = () => {
    if (open && segLen === 1) parts.push(`L${segStart}`);
  };
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      closeLone();
      open = false;
      return;
    }
    const pt = `${r2(x(i))},${r2(y(v))}`;
    if (open) {
      parts.push(`L${pt}`);
      segLen++;
    } else {
      parts.push(`M${pt}`);
      segStart = pt;
      segLen = 1;
      open = true;
    }
  });
  closeLone();
  return parts.join('');
}

export interface TextOpts {
  size?: number;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'bold';
  cls?: string;
}

export function text(x: number, y: number, s: string, o: TextOpts = {}): string {
  const attrs = [
    `x="${r2(x)}"`,
    `y="${r2(y)}"`,
    `font-size="${o.size ?? 12}"`,
    `fill="${o.fill ?? '#4b5563'}"`,
    o.anchor && o.anchor !== 'start' ? `text-anchor="${o.anchor}"` : '',
    o.weight ? `font-weight="${o.weight}"` : '',
    o.cls ? `class="${o.cls}"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${esc(s)}</text>`;
}
