/**
 * Reply → Telegram HTML (parse_mode HTML). Pure. Every piece of text goes through `escapeHtml`
 * exactly once; every tag opens and closes on one line except <pre>, which is closed and reopened
 * when a table is split across messages — so no split can ever land inside a tag.
 */
import { tableLines, type Reply, type ReplyImage, type Tone } from '../../commands/reply.js';
import { pack, type Line, type Run } from './lines.js';

export { escapeHtml } from './lines.js';

/** Bot API limits, counted on the visible text after entity parsing. */
export const MAX_MESSAGE_CHARS = 4096;
export const MAX_CAPTION_CHARS = 1024;

export type TelegramPart = { kind: 'photo'; image: ReplyImage; caption: string } | { kind: 'text'; html: string };

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
  const text = (parts: string[]) => parts.filter((html) => html !== '').map((html): TelegramPart => ({ kind: 'text', html }));
  if (!reply.image) {
    const parts = text(pack(lines, MAX_MESSAGE_CHARS, MAX_MESSAGE_CHARS));
    // A reply whose every string is blank still answers: Telegram refuses an empty message.
    return parts.length ? parts : [{ kind: 'text', html: '…' }];
  }
  const [caption = '', ...rest] = pack(lines, MAX_CAPTION_CHARS, MAX_MESSAGE_CHARS);
  return [{ kind: 'photo', image: reply.image, caption }, ...text(rest)];
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

export { tableLines };

