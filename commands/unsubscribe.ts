import { textReply } from './reply.js';
import { fail, ok, type Command } from './types.js';

type What = 'brief' | 'alerts' | 'all';
const WHATS: What[] = ['brief', 'alerts', 'all'];

export const unsubscribeCommand: Command<{ what: What }> = {
  name: 'unsubscribe',
  description: 'Stop the daily brief, the alerts, or both in this chat',
  usage: '/unsubscribe brief|alerts|all',
  examples: ['/unsubscribe brief', '/unsubscribe all'],
  options: [{ name: 'what', description: 'What to stop', required: true, choices: WHATS }],
  requiresAdmin: true,
  touchesNetwork: false,
  parse(tokens) {
    const what = tokens[0]?.toLowerCase() as What | undefined;
    if (tokens.length !== 1 || !what || !WHATS.includes(what)) {
      return fail('Say what to stop: brief, alerts or all.', '/unsubscribe brief');
    }
    return ok({ what });
  },
  async execute({ what }, ctx, deps) {
    const dest = ctx.destination;
    const stopped: string[] = [];
    if (what !== 'alerts' && (await deps.store.removeBrief(dest))) stopped.push('the daily brief');
    if (what !== 'brief' && (await deps.store.setAlerts(dest, false, ctx.now))) stopped.push('flip alerts');
    if (stopped.length === 0) return textReply('Nothing to stop', ['This chat had no such subscription. See /settings.']);
    return textReply('Unsubscribed', [`This chat will no longer get ${stopped.join(' or ')}.`]);
  },
};
