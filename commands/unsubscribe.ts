import type { OutboxKind } from '../core/ports.js';
import { textReply } from './reply.js';
import { fail, ok, type Command, type Result } from './types.js';

type What = 'brief' | 'alerts' | 'all';
const WHATS: What[] = ['brief', 'alerts', 'all'];
/** The outbox rows that stop with each choice (null: every kind). */
const OUTBOX_KIND: Record<What, OutboxKind | null> = { brief: 'brief', alerts: 'alert', all: null };

function parseUnsubscribe(tokens: string[]): Result<{ what: What }> {
  const what = tokens[0]?.toLowerCase() as What | undefined;
  if (tokens.length !== 1 || !what || !WHATS.includes(what)) {
    return fail('Say what to stop: brief, alerts or all.', '/unsubscribe brief');
  }
  return ok({ what });
}

export const unsubscribeCommand: Command<{ what: What }> = {
  name: 'unsubscribe',
  description: 'Stop the daily brief, the alerts, or both in this chat',
  usage: '/unsubscribe brief|alerts|all',
  examples: ['/unsubscribe brief', '/unsubscribe all'],
  options: [{ name: 'what', description: 'What to stop', required: true, choices: WHATS }],
  requiresAdmin: true,
  touchesNetwork: false,
  parse: parseUnsubscribe,
  parseOptions: ({ values }) => parseUnsubscribe(values['what'] ? [values['what']] : []),
  async execute({ what }, ctx, deps) {
    const dest = ctx.destination;
    const { subscriptions, outbox } = deps.store;
    const stopped: string[] = [];
    if (what !== 'alerts' && (await subscriptions.removeBrief(dest))) stopped.push('the daily brief');
    if (what !== 'brief' && (await subscriptions.removeAlerts(dest))) stopped.push('flip alerts');
    // Even with nothing to stop: a message queued just before an earlier unsubscribe must not go out.
    const cancelled = await outbox.cancelPending(dest, OUTBOX_KIND[what], 'unsubscribed', ctx.now);
    if (stopped.length === 0) return textReply('Nothing to stop', ['This chat had no such subscription. See /settings.']);
    return textReply('Unsubscribed', [
      `This chat will no longer get ${stopped.join(' or ')}.`,
      ...(cancelled ? [`${cancelled === 1 ? 'One message' : `${cancelled} messages`} waiting to be sent ${cancelled === 1 ? 'was' : 'were'} cancelled.`] : []),
    ]);
  },
};
