/**
 * Fakes for the scheduler and sender tests: a Messenger that records every part it is asked to send
 * and answers with scripted outcomes, and a brief producer that counts its calls. The store is the
 * real in-memory one.
 */
import type { BriefSubscription, Destination, Platform } from '../../core/ports.js';
import type { Reply } from '../../commands/reply.js';
import type { Messenger, SendFailure, SendOptions } from '../../bot/messenger.js';

/** One platform message the sender asked for. */
export interface SentPart {
  dest: Destination;
  /** The reply's title, with ` [n/N]` when the reply is several parts. */
  title: string;
  outcome: 'ok' | SendFailure['kind'] | 'threw';
  opts: Omit<SendOptions, 'onPart'>;
}

/** What the next part sent to a chat gets: delivered, a failure, or a thrown error (a crash in the messenger). */
export type Scripted = 'ok' | SendFailure | Error;

export function createFakeMessenger(platform: Platform, opts: { partsOf?: (reply: Reply) => number } = {}) {
  const sends: SentPart[] = [];
  const scripts = new Map<string, Scripted[]>();
  const partsOf = opts.partsOf ?? (() => 1);
  let gate: Promise<void> | null = null;
  let nextId = 1;

  const messenger = {
    platform,
    sends,
    /** The next parts sent to this chat answer these, in order; afterwards every part is delivered. */
    script(chatId: string, ...outcomes: Scripted[]): void {
      scripts.set(chatId, [...(scripts.get(chatId) ?? []), ...outcomes]);
    },
    /** Hold every send until the returned function is called (a slow network). */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
    /** The titles of the parts that reached this chat, in order. */
    delivered(chatId: string): string[] {
      return sends.filter((s) => s.dest.chatId === chatId && s.outcome === 'ok').map((s) => s.title);
    },
    parts: (reply: Reply) => partsOf(reply),
    async send(dest: Destination, reply: Reply, o: SendOptions = {}) {
      if (gate) await gate;
      const n = partsOf(reply);
      const { onPart, ...rest } = o;
      const messageIds: string[] = [];
      for (let i = o.fromPart ?? 0; i < n; i++) {
        const title = n > 1 ? `${reply.title} [${i + 1}/${n}]` : reply.title;
        const next = scripts.get(dest.chatId)?.shift() ?? 'ok';
        if (next instanceof Error) {
          sends.push({ dest: { ...dest }, title, outcome: 'threw', opts: rest });
          throw next;
        }
        if (next !== 'ok') {
          sends.push({ dest: { ...dest }, title, outcome: next.kind, opts: rest });
          return { ...next, partsSent: i, messageIds };
        }
        sends.push({ dest: { ...dest }, title, outcome: 'ok', opts: rest });
        const id = `m${nextId++}`;
        messageIds.push(id);
        if (onPart && !(await onPart(i + 1, id))) return { ok: false as const, kind: 'cancelled' as const, detail: 'stopped by the caller', partsSent: i + 1, messageIds };
      }
      return { ok: true as const, partsSent: n, messageIds };
    },
  } satisfies Messenger & Record<string, unknown>;
  return messenger;
}

/** A cheap stand-in for the /brief producer: the scheduler only stores what it returns. */
export function createProducer(opts: { failFor?: Set<string> } = {}) {
  const calls: { asset: string; now: number }[] = [];
  let gate: Promise<void> | null = null;
  const produce = async (asset: string, now: number): Promise<Reply> => {
    calls.push({ asset, now });
    if (gate) await gate;
    if (opts.failFor?.has(asset)) throw new Error(`market data unavailable for ${asset}`);
    return { title: `${asset} daily brief`, tone: 'neutral', paragraphs: [`${asset} at ${new Date(now).toISOString()}`], fields: [] };
  };
  /** Hold every brief until the returned function is called (a slow market). */
  const hold = (): (() => void) => {
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    return () => {
      gate = null;
      release();
    };
  };
  return { calls, produce, hold };
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
