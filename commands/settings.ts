import { ALERT_KINDS } from '../core/alerts/types.js';
import type { AlertSubscription, BriefSubscription } from '../core/ports.js';
import { fixedOffsetAbbreviation, nextBriefTime } from '../core/schedule.js';
import { cooldownText, watchedAssets } from './alerts.js';
import { textReply } from './reply.js';
import { fail, ok, type Command, type Settings } from './types.js';

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
  const fixed = fixedOffsetAbbreviation(sub.timezone, now);
  const note = fixed ? ` ${sub.timezone} is ${fixed} all year, without daylight saving; for a city's local time, use its zone (like America/New_York).` : '';
  return `Every day at ${sub.time} ${sub.timezone} for ${sub.assets.join(', ')}. Next: ${when.replace(' at ', ', ')} ${sub.timezone}.${note}`;
}

/** 'on for BTC, ETH; cross off, funding silent; each kind at most once every 4 hours per asset. See /alerts.' */
export function describeAlerts(sub: AlertSubscription, settings: Settings): string {
  const tuned = ALERT_KINDS.filter((k) => sub.levels[k] !== 'on').map((k) => `${k} ${sub.levels[k]}`);
  const levels = tuned.length ? tuned.join(', ') : 'all kinds on';
  return `on for ${watchedAssets(sub, settings).join(', ')}; ${levels}; each kind at most ${cooldownText(settings.alertCooldownMinutes)} per asset. See /alerts.`;
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
    const s = await deps.store.subscriptions.chatSettings(ctx.destination);
    return textReply('Settings for this chat', [
      s.brief ? `Daily brief: ${describeBrief(s.brief, ctx.now)}` : 'Daily brief: off. Start one with /subscribe brief 08:00 UTC.',
      s.alerts ? `Flip alerts: ${describeAlerts(s.alerts, deps.settings)}` : 'Flip alerts: off. Turn them on with /subscribe alerts.',
    ]);
  },
};
