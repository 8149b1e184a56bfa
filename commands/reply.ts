/**
 * A reply is data. Each adapter renders it (Discord embed, Telegram HTML, console text) with pure,
 * golden-tested functions; commands never write markup. All strings here are plain text.
 */
import type { CallFigures } from '../core/ports.js';

export type Tone = 'bullish' | 'neutral' | 'bearish' | 'info' | 'warning' | 'error';

export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface ReplyTable {
  columns: string[];
  rows: string[][];
  /** Per column; numbers read best right-aligned. */
  align?: ('left' | 'right')[];
}

export interface ReplyImage {
  png: Uint8Array;
  filename: string; // e.g. 'btc-basis.png'
  alt: string;
  /** Same key = same bytes: lets Telegram re-send an uploaded photo by file_id. */
  cacheKey?: string;
}

export interface Reply {
  title: string;
  tone: Tone;
  /** Short label shown beside the title, e.g. 'Bearish · 72%'. */
  badge?: string;
  paragraphs: string[];
  fields: ReplyField[];
  table?: ReplyTable;
  image?: ReplyImage;
  footer?: string;
  /**
   * The call this message states (label, confidence, basis, spot), for the track record: recorded
   * when a brief or an alert carrying it is first delivered. Adapters do not render it. `id` names
   * the call when several messages state it (an alert's `alert:ASSET#seq`); else the payload key does.
   */
  call?: CallFigures & { id?: string };
}

export const textReply = (title: string, paragraphs: string[], tone: Tone = 'info'): Reply => ({
  title,
  tone,
  paragraphs,
  fields: [],
});

export const errorReply = (message: string, example?: string): Reply =>
  textReply('Sorry', example ? [message, `Example: ${example}`] : [message], 'error');

/**
 * A table as monospaced lines: columns padded to their widest cell (counted in code points, so
 * '−' and '·' line up), two spaces apart, numbers right-aligned where the table says so, and a
 * dashed rule under the header unless `rule` is false.
 */
export function tableLines(table: ReplyTable, opts: { rule?: boolean } = {}): string[] {
  const width = (s: string) => [...s].length;
  const widths = table.columns.map((c, i) => Math.max(width(c), ...table.rows.map((r) => width(r[i] ?? ''))));
  const row = (cells: string[]) =>
    widths
      .map((w, i) => {
        const cell = cells[i] ?? '';
        const pad = ' '.repeat(w - width(cell));
        return table.align?.[i] === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = opts.rule === false ? [] : [widths.map((w) => '-'.repeat(w)).join('  ')];
  return [row(table.columns), ...rule, ...table.rows.map(row)];
}
