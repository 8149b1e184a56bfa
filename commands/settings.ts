import { nextBriefTime } from '../core/schedule.js';
import type { BriefSubscription } from '../core/ports.js';
import { textReply } from './reply.js';
import { fail, ok, type Command } from './types.js';

/** 'Every day at 07:30 Europe/Berlin for BTC, ETH. Next: Wed 25 Nov 2026, 07:30 Europe/Berlin.' */
export function describeBrief(sub: BriefSubscription, now: number): string {
  const next = nextBriefTime(sub, now);
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: sub.timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(next);
  return `Every day at ${sub.time} ${sub.timezone} for ${sub.assets.join(', ')}. Next: ${when.replace(' at ', ', ')} ${sub.timezone}.`;
}

export const settingsCommand: Command<Record<string, never>> = {
  name: 'settings',
  description: 'What this chat receives, and when the next brief comes',
  usage: '/settings',
  examples: ['/settings'],
  options: [],
  touchesNetwork: false,
  parse: (tokens) => (tokens.length === 0 ? ok({}) : fail('/settings takes no arguments.', '/settings')),
  async execute(_input, ctx, deps) {
    const s = await deps.store.chatSettings(ctx.destination);
    return textReply('Settings for this chat', [
      s.brief ? `Daily brief: ${describeBrief(s.brief, ctx.now)}` : 'Daily brief: off. Start one with /subscribe brief 08:00 UTC.',
      s.alerts ? 'Flip alerts: on.' : 'Flip alerts: off. Turn them on with /subscribe alerts.',
    ]);
  },
};
