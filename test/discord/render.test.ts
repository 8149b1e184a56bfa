import { describe, expect, it } from 'vitest';
import { LIMITS, renderReply, renderTable, truncate } from '../../bot/discord/render.js';
import type { Reply } from '../../commands/reply.js';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

/** Numbers as in the fixtures' last days (spot ~ 116k, quarterly basis a few % annualized). */
const basisReply: Reply = {
  title: 'BTC basis',
  tone: 'bearish',
  badge: 'Bearish · 72%',
  paragraphs: ['Quarterly basis 4.1% annualized, under its 30-day average of 6.3%: longs are paying less to hold.'],
  fields: [
    { name: 'Spot', value: '115,764.08 USDT', inline: true },
    { name: 'Funding', value: '+0.0100% per 8h (10.95% APR)', inline: true },
  ],
  table: {
    columns: ['Contract', 'Days', 'Annualized'],
    rows: [
      ['BTCUSDT_250926', '57', '+4.1%'],
      ['BTCUSDT_251226', '148', '+5.0%'],
    ],
    align: ['left', 'right', 'right'],
  },
  image: { png, filename: 'btc-basis.png', alt: 'BTC basis, 7 and 30-day averages' },
  footer: 'binance · spot last · 2026-08-01 09:00 UTC',
};

describe('renderReply', () => {
  it('GOLDEN: a /basis reply becomes one red embed, the table in a code block, the chart attached', () => {
    const table = ['```', 'Contract        Days  Annualized', 'BTCUSDT_250926    57       +4.1%', 'BTCUSDT_251226   148       +5.0%', '```'].join('\n');
    expect(renderReply(basisReply)).toEqual({
      embeds: [
        {
          title: 'BTC basis · Bearish · 72%',
          color: 0xe74c3c,
          description: `Quarterly basis 4.1% annualized, under its 30-day average of 6.3%: longs are paying less to hold.\n\n${table}`,
          fields: [
            { name: 'Spot', value: '115,764.08 USDT', inline: true },
            { name: 'Funding', value: '+0.0100% per 8h (10.95% APR)', inline: true },
          ],
          image: { url: 'attachment://btc-basis.png' },
          footer: { text: 'binance · spot last · 2026-08-01 09:00 UTC' },
        },
      ],
      files: [{ name: 'btc-basis.png', data: png, description: 'BTC basis, 7 and 30-day averages' }],
      allowed_mentions: { parse: [] },
    });
  });

  it('colours follow the tone', () => {
    const colour = (tone: Reply['tone']) => renderReply({ title: 't', tone, paragraphs: [], fields: [] }).embeds[0]!.color;
    expect([colour('bullish'), colour('bearish'), colour('neutral'), colour('info'), colour('warning'), colour('error')]).toEqual([
      0x2ecc71, 0xe74c3c, 0x95a5a6, 0x3498db, 0xf1c40f, 0xed4245,
    ]);
  });

  it('a plain text reply has no image, no fields key and never mentions anyone', () => {
    const out = renderReply({ title: 'Sorry', tone: 'error', paragraphs: ['I don\'t know the asset "XYZ".', 'Example: /basis ETH'], fields: [] });
    expect(out).toEqual({
      embeds: [{ title: 'Sorry', color: 0xed4245, description: 'I don\'t know the asset "XYZ".\n\nExample: /basis ETH' }],
      files: [],
      allowed_mentions: { parse: [] },
    });
  });

  it('data strings cannot format or ping: markdown is escaped, @everyone stays text under empty allowed_mentions', () => {
    const out = renderReply({ title: 't', tone: 'info', paragraphs: ['*pump* @everyone `x` ||spoiler||', '- not a list'], fields: [] });
    expect(out.embeds[0]!.description).toBe('\\*pump\\* @everyone \\`x\\` \\|\\|spoiler\\|\\|\n\n\\- not a list');
    expect(out.allowed_mentions.parse, 'no mention type may resolve').toEqual([]);
  });

  it('an attachment name is made safe for attachment:// (only A-Z a-z 0-9 _ . -)', () => {
    const out = renderReply({ title: 't', tone: 'info', paragraphs: [], fields: [], image: { png, filename: 'btc basis (1d).png', alt: 'a' } });
    expect(out.embeds[0]!.image).toEqual({ url: 'attachment://btc_basis__1d_.png' });
    expect(out.files[0]!.name).toBe('btc_basis__1d_.png');
  });
});

describe('embed limits', () => {
  it('truncate keeps at most n characters, the last being an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcd', 4)).toBe('abcd');
    expect(truncate('😀😀😀', 2), 'never splits an emoji in half').toBe('😀…');
  });

  it('title 256, description 4,096, field value 1,024, at most 25 fields, all within 6,000', () => {
    const out = renderReply({
      title: 'T'.repeat(300),
      tone: 'neutral',
      paragraphs: ['p'.repeat(5000)],
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(2000) })),
    });
    const e = out.embeds[0]!;
    expect(e.title.length).toBe(LIMITS.title);
    expect(e.title.endsWith('…')).toBe(true);
    expect(e.fields!.length, '25 fields of 1,024 would be 25,600 characters: trailing ones are dropped').toBeLessThanOrEqual(25);
    for (const f of e.fields!) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
    const total = e.title.length + (e.description?.length ?? 0) + e.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total, 'Discord refuses a message whose embeds exceed 6,000 characters').toBeLessThanOrEqual(LIMITS.total);
  });

  it('a long note is cut but the table survives whole', () => {
    const out = renderReply({ title: 't', tone: 'info', paragraphs: ['x'.repeat(5000)], fields: [], table: { columns: ['a'], rows: [['1']] } });
    const d = out.embeds[0]!.description!;
    expect(d.length).toBe(LIMITS.description);
    expect(d.endsWith('…\n\n```\na\n1\n```'), 'the prose gives way, not the table').toBe(true);
  });

  it('empty field names and values become a zero-width space (Discord refuses empty ones)', () => {
    const out = renderReply({ title: 't', tone: 'info', paragraphs: [], fields: [{ name: '', value: '' }] });
    expect(out.embeds[0]!.fields).toEqual([{ name: '\u200b', value: '\u200b', inline: false }]);
  });
});

describe('renderTable', () => {
  it('left and right alignment per column; backticks cannot close the code block', () => {
    expect(renderTable({ columns: ['k', 'v'], rows: [['a`b', '1'], ['c', '22']], align: ['left', 'right'] })).toBe('```\nk     v\na\'b   1\nc    22\n```');
  });
});

describe('what the fuzz test found (test/fuzz)', () => {
  it('titles are escaped too: a data string in a title cannot format, link, mention or quote', () => {
    const out = renderReply({ title: '> *[x](http://y)* <@123> <t:0:R>', tone: 'info', paragraphs: ['1. not a list'], fields: [] });
    expect(out.embeds[0]!.title).toBe('\\> \\*\\[x\\](http://y)\\* \\<@123> \\<t:0:R>');
    expect(out.embeds[0]!.description, 'a line may not start an ordered list').toBe('1\\. not a list');
  });

  it('a title, field name or value of whitespace alone becomes a zero-width space; a blank footer is left out', () => {
    const out = renderReply({ title: ' \n', tone: 'info', paragraphs: [' '], fields: [{ name: '\t', value: '  ' }], footer: ' ' });
    expect(out.embeds[0]).toEqual({ title: '\u200b', color: 0x3498db, fields: [{ name: '\u200b', value: '\u200b', inline: false }] });
  });

  it('a table too big for the embed keeps its header and the rows that fit, then …, and its block stays closed', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`BTC-${i}`, 'x'.repeat(40)]);
    const d = renderReply({ title: 't', tone: 'info', paragraphs: ['p'], fields: [], table: { columns: ['Contract', 'Note'], rows } }).embeds[0]!.description!;
    expect(d.length).toBeLessThanOrEqual(LIMITS.description);
    expect(d.match(/```/g), 'opened and closed').toHaveLength(2);
    expect(d.endsWith('\n…\n```')).toBe(true);
    expect(renderTable({ columns: ['c'], rows: [['a\nb'], ['y'.repeat(100)]] }), 'no line breaks in a cell; a cell is cut at 32').toBe(`\`\`\`\nc\na b\n${'y'.repeat(31)}…\n\`\`\``);
  });
});
