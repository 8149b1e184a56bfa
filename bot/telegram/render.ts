/**
 * Reply → Telegram HTML (parse_mode HTML). Pure. Every piece of text goes through `escapeHtml`
 * exactly once; every tag opens and closes on one line except <pre>, which is closed and reopened
 * when a table is split across messages — so no split can ever land inside a tag.
 */
import type { Reply, ReplyImage, ReplyTable, Tone } from '../../commands/reply.js';

/** Bot API limits, counted on the visible text after entity parsing. */
export const MAX_MESSAGE_CHARS = 4096;
export const MAX_CAPTION_CHARS = 1024;

export type TelegramPart = { kind: 'photo'; image: ReplyImage; caption: string } | { kind: 'text'; html: string };

/** HTML mode needs only these three escaped (quotes matter only inside attributes, which we never fill). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type Style = 'b' | 'i' | null;
interface Run {
  style: Style;
  text: string; // plain text
}
/** One output line: inline runs, or a line of a preformatted block. */
interface Line {
  pre: boolean;
  runs: Run[];
}

const TONE_MARK: Record<Tone, string> = {
  bullish: '🟢 ',
  neutral: '🟡 ',
  bearish: '🔴 ',
  info: '',
  warning: '⚠️ ',
  error: '⛔ ',
};

const plain = (text: string): Run => ({ style: null, text });
const blank: Line = { pre: false, runs: [] };

export function renderReply(reply: Reply): TelegramPart[] {
  const lines = replyLines(reply);
  if (!reply.image) return pack(lines, MAX_MESSAGE_CHARS, MAX_MESSAGE_CHARS).map((html) => ({ kind: 'text', html }));
  const [caption = '', ...rest] = pack(lines, MAX_CAPTION_CHARS, MAX_MESSAGE_CHARS);
  return [{ kind: 'photo', image: reply.image, caption }, ...rest.map((html): TelegramPart => ({ kind: 'text', html }))];
}

function replyLines(reply: Reply): Line[] {
  const head: Run[] = [plain(TONE_MARK[reply.tone]), { style: 'b', text: reply.title }];
  if (reply.badge) head.push(plain(` · ${reply.badge}`));
  const sections: Line[][] = [[{ pre: false, runs: head.filter((r) => r.text !== '') }]];
  for (const p of reply.paragraphs) sections.push(p.split('\n').map((l) => ({ pre: false, runs: [plain(l)] })));
  if (reply.fields.length > 0) {
    sections.push(reply.fields.map((f) => ({ pre: false, runs: [{ style: 'b', text: f.name }, plain(`: ${f.value}`)] })));
  }
  if (reply.table) sections.push(tableLines(reply.table).map((l) => ({ pre: true, runs: [plain(l)] })));
  if (reply.footer) sections.push([{ pre: false, runs: [{ style: 'i', text: reply.footer }] }]);
  return sections.flatMap((s, i) => (i === 0 ? s : [blank, ...s]));
}

/** Columns padded to their widest cell, two spaces apart; a dashed rule under the header. */
export function tableLines(table: ReplyTable): string[] {
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
  return [row(table.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(row)];
}

const visible = (line: Line): number => line.runs.reduce((n, r) => n + r.text.length, 0);
const isBlank = (line: Line): boolean => !line.pre && visible(line) === 0;

/**
 * Greedy packing of whole lines: the first message gets `firstBudget` visible characters, the
 * others `budget`. Only a line longer than a whole message is cut (at a space when there is one).
 */
function pack(lines: Line[], firstBudget: number, budget: number): string[] {
  const out: string[] = [];
  let current: Line[] = [];
  let used = 0;
  const cap = () => (out.length === 0 ? firstBudget : budget);
  const flush = () => {
    const html = toHtml(trimBlank(current));
    if (html !== '') out.push(html);
    current = [];
    used = 0;
  };
  const queue = [...lines];
  while (queue.length > 0) {
    const line = queue.shift()!;
    if (current.length === 0 && isBlank(line)) continue; // no leading blank lines
    const cost = visible(line) + (current.length > 0 ? 1 : 0);
    if (used + cost <= cap()) {
      current.push(line);
      used += cost;
    } else if (current.length > 0) {
      flush();
      queue.unshift(line);
    } else {
      const [head, tail] = cut(line, cap());
      current.push(head);
      flush();
      queue.unshift(tail);
    }
  }
  flush();
  return out;
}

function trimBlank(lines: Line[]): Line[] {
  let end = lines.length;
  while (end > 0 && isBlank(lines[end - 1]!)) end--;
  return lines.slice(0, end);
}

/** Split a line so that the head shows at most `max` characters, preferring the last space. */
function cut(line: Line, max: number): [Line, Line] {
  const head: Run[] = [];
  const tail: Run[] = [];
  let room = max;
  for (const run of line.runs) {
    if (room <= 0) tail.push(run);
    else if (run.text.length <= room) {
      head.push(run);
      room -= run.text.length;
    } else {
      let at = room;
      const space = run.text.lastIndexOf(' ', room);
      if (!line.pre && space > room / 2) at = space;
      // Never cut a UTF-16 surrogate pair in half.
      if (/[\uD800-\uDBFF]/.test(run.text.charAt(at - 1))) at -= 1;
      head.push({ style: run.style, text: run.text.slice(0, at) });
      tail.push({ style: run.style, text: line.pre ? run.text.slice(at) : run.text.slice(at).replace(/^ /, '') });
      room = 0;
    }
  }
  return [
    { pre: line.pre, runs: head },
    { pre: line.pre, runs: tail },
  ];
}

function runHtml(run: Run): string {
  const text = escapeHtml(run.text);
  return run.style ? `<${run.style}>${text}</${run.style}>` : text;
}

/** Consecutive preformatted lines share one <pre> block; everything else is one line of inline tags. */
function toHtml(lines: Line[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!lines[i]!.pre) {
      parts.push(lines[i]!.runs.map(runHtml).join(''));
      i++;
      continue;
    }
    const block: string[] = [];
    while (i < lines.length && lines[i]!.pre) block.push(lines[i++]!.runs.map(runHtml).join(''));
    parts.push(`<pre>${block.join('\n')}</pre>`);
  }
  return parts.join('\n');
}
