/**
 * What reached each destination, for delivery tests and the broadcast benchmark: the messages
 * accepted, how many repeated content already accepted there (a duplicate the user sees), and run
 * totals. Kept small per destination so 10,000 chats cost a few MB. Both fakes book into one.
 */
import { createHash } from 'node:crypto';
import type { TelegramViolation } from './limits.js';

export interface AcceptedSend {
  messageId: number;
  method: string;
  /** Clock time (ms) the fake accepted it. */
  at: number;
  text?: string;
  caption?: string;
  /** A photo sent by file_id names it; an upload gives its size. */
  photo?: { fileId?: string; uploadBytes?: number };
  disableNotification: boolean;
}

/** One destination's book (a Telegram chat, a Discord channel). */
export interface DestinationLedger<A> {
  /** The chat or channel id, as a string. */
  id: string;
  /** Send calls that reached the fake for it, whatever they were answered. */
  attempts: number;
  accepted: A[];
  /** Accepted sends whose content was already accepted here: a repeat the user sees. */
  duplicates: number;
  /** Repeats answered with the first message and posting nothing (Discord's enforce_nonce; 0 on Telegram). */
  nonceReplays: number;
  /** Refusals by HTTP status ('429', '403', …). */
  refused: Record<string, number>;
  firstAcceptedAt: number | null;
  lastAcceptedAt: number | null;
}

export interface DeliveryTotals<V extends string> {
  /** Every request that reached the fake, sends or not. */
  calls: number;
  sends: number;
  accepted: number;
  duplicates: number;
  nonceReplays: number;
  injected429: number;
  injected5xx: number;
  /** Injected 5xx answers whose message was delivered all the same. */
  deliveredOn5xx: number;
  /** 429s answered because a limit (or a running retry_after) was broken. */
  limited429: number;
  /** Sends that broke a limit; `total` counts a send once, each kind counts every limit it broke. */
  violations: Record<V | 'total', number>;
  refused: Record<string, number>;
  firstAcceptedAt: number | null;
  lastAcceptedAt: number | null;
}

export const digest = (data: string | Buffer): string => createHash('sha1').update(data).digest('base64');

export class DeliveryLedger<A extends { at: number }, V extends string> {
  readonly totals: DeliveryTotals<V>;
  protected readonly byId = new Map<string, DestinationLedger<A>>();
  private readonly seen = new Map<string, Set<string>>();

  constructor(kinds: readonly V[]) {
    const violations = { total: 0 } as Record<V | 'total', number>;
    for (const k of kinds) violations[k] = 0;
    this.totals = { calls: 0, sends: 0, accepted: 0, duplicates: 0, nonceReplays: 0, injected429: 0, injected5xx: 0, deliveredOn5xx: 0, limited429: 0, violations, refused: {}, firstAcceptedAt: null, lastAcceptedAt: null };
  }

  /** The book of one destination (an empty one if nothing was sent there). */
  of(id: number | string): DestinationLedger<A> {
    return this.byId.get(String(id)) ?? empty<A>(String(id));
  }

  all(): DestinationLedger<A>[] {
    return [...this.byId.values()];
  }

  /** Books an attempt; returns its 0-based number at this destination. */
  attempt(id: string): number {
    const c = this.entry(id);
    this.totals.sends += 1;
    return c.attempts++;
  }

  violation(kinds: V[]): void {
    this.totals.violations.total += 1;
    for (const k of kinds) this.totals.violations[k] += 1;
  }

  refuse(id: string, status: number): void {
    const c = this.entry(id);
    const key = String(status);
    c.refused[key] = (c.refused[key] ?? 0) + 1;
    this.totals.refused[key] = (this.totals.refused[key] ?? 0) + 1;
  }

  /** `contentKey` names what the user sees: the same key twice in one place is a duplicate. */
  accept(id: string, send: A, contentKey: string): void {
    const c = this.entry(id);
    c.accepted.push(send);
    c.firstAcceptedAt ??= send.at;
    c.lastAcceptedAt = send.at;
    this.totals.accepted += 1;
    this.totals.firstAcceptedAt ??= send.at;
    this.totals.lastAcceptedAt = send.at;
    let seen = this.seen.get(id);
    if (!seen) this.seen.set(id, (seen = new Set()));
    const key = digest(contentKey);
    if (seen.has(key)) {
      c.duplicates += 1;
      this.totals.duplicates += 1;
    } else {
      seen.add(key);
    }
  }

  nonceReplay(id: string): void {
    this.entry(id).nonceReplays += 1;
    this.totals.nonceReplays += 1;
  }

  protected entry(id: string): DestinationLedger<A> {
    let c = this.byId.get(id);
    if (!c) this.byId.set(id, (c = empty<A>(id)));
    return c;
  }
}

function empty<A>(id: string): DestinationLedger<A> {
  return { id, attempts: 0, accepted: [], duplicates: 0, nonceReplays: 0, refused: {}, firstAcceptedAt: null, lastAcceptedAt: null };
}

export type ChatLedger = DestinationLedger<AcceptedSend>;
export type TelegramTotals = DeliveryTotals<TelegramViolation>;

export class TelegramLedger extends DeliveryLedger<AcceptedSend, TelegramViolation> {
  constructor() {
    super(['global', 'chat', 'group', 'retryAfter']);
  }

  chat(id: number | string): ChatLedger {
    return this.of(id);
  }

  chats(): ChatLedger[] {
    return this.all();
  }
}
