import { textReply } from './reply.js';
import { ok, type Command } from './types.js';

export const startCommand: Command<Record<string, never>> = {
  name: 'start',
  description: 'Say hello and show how to begin',
  usage: '/start',
  examples: ['/start'],
  options: [],
  touchesNetwork: false,
  parse: () => ok({}),
  async execute(_input, _ctx, deps) {
    const a = deps.settings.defaultAsset;
    return textReply('Welcome to basisbot', [
      'I read the derivatives market — the futures basis against spot, its 7- and 30-day averages, funding, open interest and momentum — and say whether it looks Bullish, Neutral or Bearish, and why.',
      `Try /basis ${a} for the numbers, /brief ${a} for the full note, or /subscribe brief 08:00 UTC for a daily brief in this chat.`,
      'Type /help for every command.',
    ]);
  },
};
