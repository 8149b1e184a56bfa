/**
 * A reply is data. Each adapter renders it (Discord embed, Telegram HTML, console text) with pure,
 * golden-tested functions; commands never write markup. All strings here are plain text.
 */

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
}

export const textReply = (title: string, paragraphs: string[], tone: Tone = 'info'): Reply => ({
  title,
  tone,
  paragraphs,
  fields: [],
});

export const errorReply = (message: string, example?: string): Reply =>
  textReply('Sorry', example ? [message, `Example: ${example}`] : [message], 'error');
