/**
 * What each platform would refuse or mis-render, as a list of failures (empty = the platform takes
 * it and shows the data as text). Telegram: the fake Bot API's own HTML entity parser and its limits
 * counted after parsing. Discord: the documented embed limits (counted in code points, as Discord
 * does), blank fields, pings, and markdown that data strings could trigger.
 */
import { LIMITS, type DiscordMessage } from '../../bot/discord/render.js';
import { MAX_CAPTION_CHARS, MAX_MESSAGE_CHARS, type TelegramPart } from '../../bot/telegram/render.js';
import { tableLines, type Reply } from '../../commands/reply.js';
import { EntityParseError, parseTelegramHtml } from '../fakes/telegram/html.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The renderer's tone marks (bot/telegram/render.ts), which lead the first line. */
const TONE_MARK: Record<Reply['tone'], string> = { bullish: '🟢 ', neutral: '🟡 ', bearish: '🔴 ', info: '', warning: '⚠️ ', error: '⛔ ' };
const squeeze = (s: string) => s.replace(/\s+/g, '');

export function telegramFailures(reply: Reply, parts: TelegramPart[]): string[] {
  const out: string[] = [];
  const shown: string[] = [];
  parts.forEach((p, i) => {
    const html = p.kind === 'text' ? p.html : p.caption;
    let text: string;
    try {
      text = parseTelegramHtml(html);
    } catch (err) {
      if (!(err instanceof EntityParseError)) throw err;
      out.push(`part ${i}: ${err.message}`);
      return;
    }
    shown.push(text);
    const max = p.kind === 'photo' ? MAX_CAPTION_CHARS : MAX_MESSAGE_CHARS;
    if (text.length > max) out.push(`part ${i} (${p.kind}): ${text.length} characters after parsing, over ${max}`);
    if (p.kind === 'text' && text.trim() === '') out.push(`part ${i}: an empty message`);
    if (LONE_SURROGATE.test(html)) out.push(`part ${i}: a split surrogate pair`);
  });
  if (parts.length === 0 || parts[0]!.kind !== (reply.image ? 'photo' : 'text')) out.push('the chart must lead as a photo, a text reply as text');
  // Nothing lost, nothing taken as markup: what Telegram shows is the reply's text, whitespace aside.
  const expected = [
    TONE_MARK[reply.tone],
    reply.title,
    reply.badge ? ` · ${reply.badge}` : '',
    ...reply.paragraphs,
    ...reply.fields.map((f) => `${f.name}: ${f.value}`),
    ...(reply.table ? tableLines(reply.table) : []),
    reply.footer ?? '',
  ].join('');
  // A reply with no visible text at all is sent as '…' (Telegram refuses an empty message).
  if (out.length === 0 && squeeze(shown.join('')) !== (squeeze(expected) || '…')) out.push('the visible text is not the reply text');
  return out;
}

/** Markdown a data string could trigger in an embed's title, description or fields (footers render none). */
export function unescapedMarkdown(text: string): string | null {
  const lines = text.split('\n');
  for (const line of lines) {
    if (/^[#>-]/.test(line) || /^\d+\. /.test(line)) return `a line starts as markdown: ${JSON.stringify(line.slice(0, 20))}`;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (ch === '\\') {
        i++;
        continue;
      }
      if ('*_~`|[]'.includes(ch)) return `unescaped ${ch} in ${JSON.stringify(line.slice(Math.max(0, i - 10), i + 10))}`;
      if (ch === '<' && /[@#:at]/.test(line[i + 1] ?? '')) return `mention or timestamp syntax in ${JSON.stringify(line.slice(i, i + 12))}`;
    }
  }
  return null;
}

const cp = (s: string | undefined) => (s ? Array.from(s).length : 0);

export function discordFailures(reply: Reply, msg: DiscordMessage): string[] {
  const out: string[] = [];
  if (JSON.stringify(msg.allowed_mentions) !== '{"parse":[]}') out.push('mentions are allowed');
  if ('content' in msg) out.push('message content carries text that could ping');
  if (msg.embeds.length < 1 || msg.embeds.length > 10) out.push(`${msg.embeds.length} embeds`);
  let total = 0;
  for (const e of msg.embeds) {
    const strings: [string, string | undefined, number][] = [
      ['title', e.title, LIMITS.title],
      ['description', e.description, LIMITS.description],
      ['footer', e.footer?.text, LIMITS.footer],
      ...(e.fields ?? []).flatMap((f, i): [string, string, number][] => [
        [`field ${i} name`, f.name, LIMITS.fieldName],
        [`field ${i} value`, f.value, LIMITS.fieldValue],
      ]),
    ];
    for (const [what, s, max] of strings) {
      if (s === undefined) continue;
      if (cp(s) > max) out.push(`${what}: ${cp(s)} characters, over ${max}`);
      if (s.trim() === '') out.push(`${what}: blank (Discord refuses it)`);
      if (LONE_SURROGATE.test(s)) out.push(`${what}: a split surrogate pair`);
      total += cp(s);
    }
    if ((e.fields?.length ?? 0) > LIMITS.fields) out.push(`${e.fields!.length} fields`);
    const fences = (e.description?.match(/```/g) ?? []).length;
    if (fences % 2 !== 0) out.push('an unclosed code block');
    const prose = reply.table && fences ? e.description!.slice(0, e.description!.indexOf('```')) : (e.description ?? '');
    for (const [what, s] of [['title', e.title], ['description', prose], ...(e.fields ?? []).flatMap((f, i) => [[`field ${i} name`, f.name], [`field ${i} value`, f.value]])] as const) {
      const bad = unescapedMarkdown(s ?? '');
      if (bad) out.push(`${what}: ${bad}`);
    }
  }
  if (total > LIMITS.total) out.push(`embeds hold ${total} characters, over ${LIMITS.total}`);
  return out;
}
