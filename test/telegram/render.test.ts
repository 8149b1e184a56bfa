/**
 * Telegram HTML rendering: exact goldens for the common shapes, and limits checked with the fake
 * server's independent HTML parser (what Telegram would count) over long and random replies.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../commands/reply.js';
import { MAX_CAPTION_CHARS, MAX_MESSAGE_CHARS, escapeHtml, renderReply, type TelegramPart } from '../../bot/telegram/render.js';
import { parseTelegramHtml } from '../fakes/telegram/html.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Numbers from test/fixtures/data: BTC spot close 2025-10-06 (124,658) and the 8h funding rate
// of 2025-10-06 16:00 UTC; the basis rows are illustrative annualized values.
const basisReply: Reply = {
  title: 'BTC basis',
  tone: 'bearish',
  badge: 'Bearish · 72%',
  paragraphs: ['Quarterly futures trade 6.2% over spot <annualized> & the 7-day average is falling.'],
  fields: [
    { name: 'Spot', value: '$124,658' },
    { name: 'Funding', value: '0.0100% / 8h' },
  ],
  table: {
    columns: ['Contract', 'Days', 'Basis'],
    rows: [
      ['BTCUSDT_251226', '81', '6.2%'],
      ['BTCUSDT_260327', '172', '7.0%'],
    ],
    align: ['left', 'right', 'right'],
  },
  footer: 'Binance · 2025-10-06 16:00 UTC',
};

const visibleOf = (p: TelegramPart) => parseTelegramHtml(p.kind === 'text' ? p.html : p.caption);

describe('escapeHtml', () => {
  it('escapes exactly the three characters HTML mode reserves', () => {
    expect(escapeHtml(`a<b>&"c'`), 'quotes stay: they only matter inside attributes').toBe(`a&lt;b&gt;&amp;"c'`);
  });
});

describe('renderReply goldens', () => {
  it('renders title, badge, paragraphs, fields, an aligned table in <pre> and an italic footer', () => {
    expect(renderReply(basisReply)).toEqual([
      {
        kind: 'text',
        html: [
          '🔴 <b>BTC basis</b> · Bearish · 72%',
          '',
          'Quarterly futures trade 6.2% over spot &lt;annualized&gt; &amp; the 7-day average is falling.',
          '',
          '<b>Spot</b>: $124,658',
          '<b>Funding</b>: 0.0100% / 8h',
          '',
          '<pre>Contract        Days  Basis',
          '--------------  ----  -----',
          'BTCUSDT_251226    81   6.2%',
          'BTCUSDT_260327   172   7.0%</pre>',
          '',
          '<i>Binance · 2025-10-06 16:00 UTC</i>',
        ].join('\n'),
      },
    ]);
  });

  it('renders a plain info reply without a tone mark and keeps line breaks inside a paragraph', () => {
    const reply: Reply = { title: 'Help', tone: 'info', paragraphs: ['/basis [ASSET]\n/brief [ASSET]'], fields: [] };
    expect(renderReply(reply)).toEqual([{ kind: 'text', html: '<b>Help</b>\n\n/basis [ASSET]\n/brief [ASSET]' }]);
  });

  it('escapes markup-looking text in every slot, so data can never break the message', () => {
    const reply: Reply = {
      title: '<BTC>',
      tone: 'error',
      paragraphs: ['a & b'],
      fields: [{ name: 'x<y', value: 'p>q' }],
      table: { columns: ['<c>'], rows: [['&']] },
      footer: '</i>',
    };
    expect(renderReply(reply)).toEqual([
      { kind: 'text', html: '⛔ <b>&lt;BTC&gt;</b>\n\na &amp; b\n\n<b>x&lt;y</b>: p&gt;q\n\n<pre>&lt;c&gt;\n---\n&amp;</pre>\n\n<i>&lt;/i&gt;</i>' },
    ]);
  });

  it('puts a short reply with a chart entirely in the photo caption', () => {
    const parts = renderReply({ ...basisReply, table: undefined, footer: undefined, image: { png: PNG, filename: 'btc-basis.png', alt: 'BTC basis chart' } });
    expect(parts, 'one photo, no follow-up message').toHaveLength(1);
    expect(parts[0]).toMatchObject({ kind: 'photo', image: { filename: 'btc-basis.png' } });
    expect(parts[0]!.kind === 'photo' && parts[0]!.caption).toBe(
      '🔴 <b>BTC basis</b> · Bearish · 72%\n\nQuarterly futures trade 6.2% over spot &lt;annualized&gt; &amp; the 7-day average is falling.\n\n<b>Spot</b>: $124,658\n<b>Funding</b>: 0.0100% / 8h',
    );
  });
});

describe('renderReply limits', () => {
  const longNote = Array.from({ length: 60 }, (_, i) => `Line ${i + 1}: the annualized basis held near its 30-day average while funding stayed positive.`);

  it('splits a long reply at line boundaries, every message within 4,096 visible characters', () => {
    const reply: Reply = { title: 'BTC brief', tone: 'neutral', paragraphs: longNote.concat(longNote), fields: [] };
    const parts = renderReply(reply);
    expect(parts.length, '120 lines of ~90 characters need three messages').toBe(3);
    const texts = parts.map(visibleOf);
    for (const t of texts) expect(t.length, 'Telegram refuses longer messages').toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    for (const t of texts.slice(1)) expect(t, 'each continuation starts on a whole line').toMatch(/^Line \d+: /);
    const all = texts.join('\n\n').split('\n').filter((l) => l !== '');
    expect(all.length, 'no line is lost or duplicated by the split').toBe(121);
  });

  it('closes and reopens <pre> when a table is split across messages', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`BTCUSDT_${String(260000 + i)}`, String(i), `${(i / 10).toFixed(1)}%`]);
    const parts = renderReply({ title: 'Contracts', tone: 'info', paragraphs: [], fields: [], table: { columns: ['Contract', 'Days', 'Basis'], rows } });
    expect(parts.length, '202 table lines of 27 characters (5,656 with newlines) need two messages').toBe(2);
    for (const p of parts) {
      const html = p.kind === 'text' ? p.html : '';
      expect(() => parseTelegramHtml(html), 'tags stay balanced in every message').not.toThrow();
      expect(html.endsWith('</pre>'), 'the table block is closed at the split').toBe(true);
    }
    expect(parts[1]!.kind === 'text' && parts[1]!.html.startsWith('<pre>BTCUSDT_'), 'and reopened in the next message').toBe(true);
  });

  it('cuts a single over-long paragraph at a space, never inside a surrogate pair', () => {
    const words = Array.from({ length: 1200 }, (_, i) => (i % 7 === 0 ? '📉' : 'basis')).join(' ');
    const parts = renderReply({ title: 'Note', tone: 'info', paragraphs: [words], fields: [] });
    expect(parts.length, '6,689 characters: the title opens the first message, the paragraph fills it and one more').toBe(2);
    const texts = parts.map(visibleOf);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(texts.join(' ').replace(/^Note\n\n/, ''), 'the words survive the cut in order').toBe(words);
  });

  it('keeps the caption within 1,024 characters and sends the rest as messages', () => {
    const reply: Reply = { title: 'BTC brief', tone: 'bullish', paragraphs: longNote.slice(0, 45), fields: [], image: { png: PNG, filename: 'c.png', alt: 'chart' } };
    const parts = renderReply(reply);
    expect(parts[0]!.kind).toBe('photo');
    expect(visibleOf(parts[0]!).length, 'Telegram refuses longer captions').toBeLessThanOrEqual(MAX_CAPTION_CHARS);
    expect(parts.slice(1).every((p) => p.kind === 'text' && visibleOf(p).length <= MAX_MESSAGE_CHARS)).toBe(true);
    expect(parts.slice(1).length, '45 lines of ~90 characters: 11 in the caption, the other 34 in one message').toBe(1);
  });

  it('never produces an over-long or unparsable part, whatever the reply (seeded random replies)', () => {
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const alphabet = ['a', 'b', ' ', '<', '>', '&', '\n', '📈', '%', '-', '.', '1', 'é'];
    const text = (max: number) => Array.from({ length: rand(max) }, () => alphabet[rand(alphabet.length)]).join('');
    for (let n = 0; n < 200; n++) {
      const reply: Reply = {
        title: text(200) || 'T',
        tone: 'neutral',
        badge: text(30),
        paragraphs: Array.from({ length: rand(6) }, () => text(3000)),
        fields: Array.from({ length: rand(5) }, () => ({ name: text(40), value: text(600) })),
        table: rand(2) ? { columns: ['A', 'B'], rows: Array.from({ length: rand(200) }, () => [text(30).replace(/\n/g, ' '), text(12).replace(/\n/g, ' ')]) } : undefined,
        footer: text(100),
        image: rand(2) ? { png: PNG, filename: 'c.png', alt: 'c' } : undefined,
      };
      for (const p of renderReply(reply)) {
        const shown = visibleOf(p);
        expect(shown.length).toBeLessThanOrEqual(p.kind === 'photo' ? MAX_CAPTION_CHARS : MAX_MESSAGE_CHARS);
        if (p.kind === 'text') expect(shown.trim(), 'Telegram refuses empty messages').not.toBe('');
      }
    }
  });
});

describe('what the fuzz test found (test/fuzz)', () => {
  it('a part of whitespace alone is not sent (Telegram refuses it); a reply with no text at all says …', () => {
    const parts = renderReply({ title: 'T', tone: 'info', paragraphs: ['x'.repeat(4000), ' '.repeat(4000)], fields: [] });
    expect(parts.map(visibleOf).every((t) => t.trim() !== ''), 'no empty message').toBe(true);
    expect(renderReply({ title: ' ', tone: 'info', paragraphs: ['\t'], fields: [] })).toEqual([{ kind: 'text', html: '…' }]);
  });

  it('with a chart, a blank first part is an empty caption, so the next part is not taken as a 4,096-character caption', () => {
    const parts = renderReply({ title: ' ', tone: 'info', paragraphs: [' '.repeat(1500), 'y'.repeat(3000)], fields: [], image: { png: PNG, filename: 'c.png', alt: 'c' } });
    expect(parts[0]).toMatchObject({ kind: 'photo', caption: '' });
    expect(parts.slice(1).map((p) => p.kind)).toEqual(['text']);
  });
});
