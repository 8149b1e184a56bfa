/**
 * What the Bot API does with parse_mode HTML, as far as tests need it: accept only the documented
 * tags and entities, demand that tags nest and close, and return the visible text (the limits of
 * 4,096 / 1,024 characters apply to it). A renderer bug shows up as the same 400 Telegram sends.
 */
const TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'tg-spoiler', 'span', 'a', 'code', 'pre',
  'blockquote', 'tg-emoji',
]);
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export class EntityParseError extends Error {}

/** The visible text of an HTML-mode message, or EntityParseError with Telegram's wording. */
export function parseTelegramHtml(html: string): string {
  const open: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end === -1) throw new EntityParseError(`Can't parse entities: unclosed start tag at byte offset ${i}`);
      const tag = html.slice(i + 1, end);
      if (tag.startsWith('/')) {
        const name = tag.slice(1).trim().toLowerCase();
        if (open.pop() !== name) throw new EntityParseError(`Can't parse entities: unmatched end tag at byte offset ${i}, expected "</${open.at(-1) ?? ''}>", found "</${name}>"`);
      } else {
        const name = (/^[a-z-]+/i.exec(tag)?.[0] ?? '').toLowerCase();
        if (!TAGS.has(name)) throw new EntityParseError(`Can't parse entities: unsupported start tag "${name}" at byte offset ${i}`);
        open.push(name);
      }
      i = end + 1;
    } else if (ch === '&') {
      const m = /^&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.exec(html.slice(i, i + 12));
      if (!m) throw new EntityParseError(`Can't parse entities: character '&' is reserved and must be escaped at byte offset ${i}`);
      const name = m[1]!;
      const decoded = name.startsWith('#x')
        ? String.fromCodePoint(parseInt(name.slice(2), 16))
        : name.startsWith('#')
          ? String.fromCodePoint(parseInt(name.slice(1), 10))
          : ENTITIES[name.toLowerCase()];
      if (decoded === undefined) throw new EntityParseError(`Can't parse entities: unsupported entity "${name}" at byte offset ${i}`);
      text += decoded;
      i += m[0].length;
    } else if (ch === '>') {
      throw new EntityParseError(`Can't parse entities: character '>' is reserved and must be escaped at byte offset ${i}`);
    } else {
      text += ch;
      i++;
    }
  }
  if (open.length > 0) throw new EntityParseError(`Can't parse entities: can't find end tag corresponding to start tag "${open.at(-1)}"`);
  return text;
}
