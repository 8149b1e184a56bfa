import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../bot/console/render.js';
import type { Reply } from '../../commands/reply.js';

const reply: Reply = {
  title: 'BTC basis',
  tone: 'bearish',
  badge: 'Bearish · 64% confidence',
  paragraphs: ['Futures trade below spot.'],
  fields: [
    { name: 'Spot', value: '63,480 USDT', inline: true },
    { name: 'Similar days', value: '2025-03-10: +4.1%\n2024-08-05: −2.0%' },
  ],
  table: {
    columns: ['Contract', 'Days', 'Annualized'],
    align: ['left', 'right', 'right'],
    rows: [
      ['BTC-260925', '55', '−1.20%'],
      ['BTC-261225', '146', '+0.45%'],
    ],
  },
  image: { png: new Uint8Array([1]), filename: 'btc-basis.png', alt: 'chart' },
  footer: 'Venue: binance',
};

describe('console rendering', () => {
  it('writes the reply as aligned plain text with the chart path', () => {
    expect(renderConsole(reply, '/tmp/btc-basis.png')).toBe(
      [
        'BTC basis  [Bearish · 64% confidence]',
        '=====================================',
        'Futures trade below spot.',
        '',
        'Spot: 63,480 USDT',
        'Similar days: 2025-03-10: +4.1%',
        '  2024-08-05: −2.0%',
        '',
        'Contract    Days  Annualized',
        '----------  ----  ----------',
        'BTC-260925    55      −1.20%',
        'BTC-261225   146      +0.45%',
        '',
        'Chart: /tmp/btc-basis.png',
        'Venue: binance',
      ].join('\n'),
    );
  });

  it('a plain reply is just its title and text', () => {
    expect(renderConsole({ title: 'Sorry', tone: 'error', paragraphs: ['Unknown command /x.'], fields: [] })).toBe(
      'Sorry\n=====\nUnknown command /x.',
    );
  });
});
