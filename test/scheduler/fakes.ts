/**
 * Fakes for the scheduler tests: a Messenger that records every send and answers with scripted
 * outcomes, and a brief producer that counts its calls. The store is the real in-memory one.
 */
import type { BriefSubscription, Destination, Platform } from '../../core/ports.js';
import type { Reply } from '../../commands/reply.js';
import type { Messenger, SendOutcome } from '../../bot/messenger.js';

export interface SentMessage {
  dest: Destination;
  title: string;
  outcome: SendOutcome | 'threw';
}

type Scripted = SendOutcome | Error;

export function createFakeMessenger(platform: Platform) {
  const sends: SentMessage[] = [];
  const scripts = new Map<string, Scripted[]>();
  let gate: Promise<void> | null = null;
  const messenger: Messenger & {
    sends: SentMessage[];
    /** The next sends to this chat answer these, in order; afterwards every send succeeds. */
    script(chatId: string, ...outcomes: Scripted[]): void;
    /** Hold every send until the returned function is called (a slow network). */
    hold(): () => void;
    delivered(chatId: string): string[];
  } = {
    platform,
    sends,
    script(chatId, ...outcomes) {
      scripts.set(chatId, [...(scripts.get(chatId) ?? []), ...outcomes]);
    },
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
    delivered(chatId) {
      return sends.filter((s) => s.dest.chatId === chatId && s.outcome !== 'threw' && s.outcome.ok).map((s) => s.title);
    },
    async send(dest, reply) {
      if (gate) await gate;
      const next = scripts.get(dest.chatId)?.shift() ?? { ok: true };
      if (next instanceof Error) {
        sends.push({ dest: { ...dest }, title: reply.title, outcome: 'threw' });
        throw next;
      }
      sends.push({ dest: { ...dest }, title: reply.title, outcome: next });
      return next;
    },
  };
  return messenger;
}

/** A cheap stand-in for the /brief producer: the scheduler only forwards what it returns. */
export function createProducer(opts: { failFor?: Set<string> } = {}) {
  const calls: { asset: string; now: number }[] = [];
  const produce = async (asset: string, now: number): Promise<Reply> => {
    calls.push({ asset, now });
    if (opts.failFor?.has(asset)) throw new Error(`market data unavailable for ${asset}`);
    return { title: `${asset} daily brief`, tone: 'neutral', paragraphs: [`${asset} at ${new Date(now).toISOString()}`], fields: [] };
  };
  return { calls, produce };
}

export const tg = (chatId: string): Destination => ({ platform: 'telegram', chatId });

export const sub = (destination: Destination, time: string, timezone: string, createdAt: number, assets = ['BTC']): BriefSubscription => ({
  destination,
  time,
  timezone,
  assets,
  createdAt,
});

export const utc = (iso: string): number => Date.parse(iso);
