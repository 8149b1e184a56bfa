/**
 * Reply → one Discord message: an embed coloured by tone, the table in a code block, the chart as
 * an attachment the embed points at. Pure; every limit is a named constant and enforced here, so a
 * long note is cut with an ellipsis instead of being refused with 50035 (invalid form body).
 */
import { tableLines, type Reply, type ReplyTable, type Tone } from '../../commands/reply.js';

export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
} as const;

export const TONE_COLOURS: Record<Tone, number> = {
  bullish: 0x2ecc71, // green
  bearish: 0xe74c3c, // red
  neutral: 0x95a5a6, // grey
  info: 0x3498db, // blue
  warning: 0xf1c40f, // amber
  error: 0xed4245, // red
};

export interface DiscordEmbed {
  title: string;
  color: number;
  description?: string;
  fields?: { name: string; value: string; inline: boolean }[];
  image?: { url: string };
  footer?: { text: string };
}

export interface DiscordMessage {
  embeds: DiscordEmbed[];
  files: { name: string; data: Uint8Array; description: string }[];
  allowed_mentions: { parse: [] };
}

const ELLIPSIS = '…';
const BLANK = '\u200b'; // Discord refuses empty field names and values

export function truncate(text: string, max: number): string {
  const chars = Array.from(text); // never split a surrogate pair
  if (chars.length <= max) return text;
  return max <= 0 ? '' : chars.slice(0, max - 1).join('') + ELLIPSIS;
}

/** Discord trims strings and refuses an empty title, field name or value: whitespace alone is blank. */
const orBlank = (s: string): string => (s.trim() === '' ? BLANK : s);

const length = (s: string | undefined): number => (s ? Array.from(s).length : 0);

/**
 * Data strings are plain text: markdown characters must show as themselves. `<` too, so `<@id>`,
 * `<#id>` and `<t:0:R>` stay text; and a line may not start a heading, quote or list ('1. ').
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\*_~`|[\]<])/g, '\\$1')
    .replace(/^([#>-])/gm, '\\$1')
    .replace(/^(\d+)\. /gm, '$1\\. ');
}

/** Attachment names behind attachment:// may hold only these characters. */
export const safeFilename = (name: string): string => name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'chart.png';

/** A cell wider than this is a data error, not a contract name: it is cut so the columns still read. */
export const MAX_CELL = 32;

/**
 * The table in a code block of at most `max` characters: backticks in cells would close it early and
 * line breaks would break its rows; rows that do not fit give way to '…', and a table whose header
 * does not fit is left out, so the block is always closed.
 */
export function renderTable(table: ReplyTable, max = Infinity): string {
  const clean = (s: string) => truncate(s.replace(/`/g, "'").replace(/\s/g, ' '), MAX_CELL);
  const cleaned = { ...table, columns: table.columns.map(clean), rows: table.rows.map((r) => r.map(clean)) };
  const [header = '', ...rows] = tableLines(cleaned, { rule: false });
  const kept = [header];
  let used = length(header) + 8; // the fences and their line breaks
  for (const [i, row] of rows.entries()) {
    const reserve = i === rows.length - 1 ? 0 : 2; // room for '\n…' should a later row not fit
    if (used + 1 + length(row) + reserve > max) {
      kept.push(ELLIPSIS);
      used += 2;
      break;
    }
    kept.push(row);
    used += 1 + length(row);
  }
  return used <= max ? ['```', ...kept, '```'].join('\n') : '';
}

export function renderReply(reply: Reply): DiscordMessage {
  const embed: DiscordEmbed = {
    // Titles render markdown too (footers do not).
    title: orBlank(truncate(escapeMarkdown(reply.badge ? `${reply.title} · ${reply.badge}` : reply.title), LIMITS.title)),
    color: TONE_COLOURS[reply.tone],
  };
  let table = reply.table ? renderTable(reply.table) : '';
  const prose = reply.paragraphs.map(escapeMarkdown).join('\n\n');
  const fields = reply.fields.slice(0, LIMITS.fields).map((f) => ({
    name: orBlank(truncate(escapeMarkdown(f.name), LIMITS.fieldName)),
    value: orBlank(truncate(escapeMarkdown(f.value), LIMITS.fieldValue)),
    inline: f.inline ?? false,
  }));
  const footer = reply.footer?.trim() ? truncate(reply.footer, LIMITS.footer) : undefined;

  // The whole embed must fit in 6,000 characters: the prose gives way first, then trailing fields.
  const fixed = () => length(embed.title) + length(footer) + fields.reduce((n, f) => n + length(f.name) + length(f.value), 0);
  while (fields.length > 0 && fixed() + length(table) > LIMITS.total) fields.pop();
  if (reply.table) table = renderTable(reply.table, Math.min(LIMITS.description, LIMITS.total - fixed()));
  const room = Math.min(LIMITS.description, LIMITS.total - fixed()) - (table ? length(table) + 2 : 0);
  const description = [truncate(prose, room), table].filter((s) => s.trim() !== '').join('\n\n');
  if (description) embed.description = truncate(description, LIMITS.description);
  if (fields.length) embed.fields = fields;

  const files: DiscordMessage['files'] = [];
  if (reply.image) {
    const name = safeFilename(reply.image.filename);
    embed.image = { url: `attachment://${name}` };
    files.push({ name, data: reply.image.png, description: truncate(reply.image.alt, 1024) });
  }
  if (footer) embed.footer = { text: footer };
  return { embeds: [embed], files, allowed_mentions: { parse: [] } };
}
