/**
 * What reached each chat, for delivery tests and the broadcast benchmark: the messages accepted,
 * how many of them repeated content already accepted in that chat (a duplicate the user sees), and
 * run totals. Kept small per chat so 10,000 chats cost a few MB.
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

export interface ChatLedger {
  chatId: string;
  /** Send calls that reached the fake for this chat, whatever they were answered. */
  attempts: number;
  accepted: AcceptedSend[];
  /** Accepted sends whose content (method, text or caption, photo bytes) was already accepted here. */
  duplicates: number;
  /** Refusals by HTTP status ('429', '403', …). */
  refused: Record<string, number>;
  firstAcceptedAt: number | null;
  lastAcceptedAt: number | null;
}

export interface TelegramTotals {
  /** Every API call, sends or not. */
  calls: number;
  sends: number;
  accepted: number;
  duplicates: number;
  injected429: number;
  injected5xx: number;
  /** Injected 5xx answers whose message was delivered all the same. */
  deliveredOn5xx: number;
  /** 429s answered because a limit (or a running retry_after) was broken. */
  limited429: number;
  /** Sends that broke a limit; `total` counts a send once, the kinds count each limit it broke. */
  violations: Record<TelegramViolation | 'total', number>;
  refused: Record<string, number>;
  firstAcceptedAt: number | null;
  lastAcceptedAt: number | null;
}

export const digest = (data: string | Buffer): string => createHash('sha1').update(data).digest('base64');

export class TelegramLedger {
  readonly totals: TelegramTotals = {
    calls: 0,
    sends: 0,
    accepted: 0,
    duplicates: 0,
    injected429: 0,
    injected5xx: 0,
    deliveredOn5xx: 0,
    limited429: 0,
    violations: { total: 0, global: 0, chat: 0, group: 0, retryAfter: 0 },
    refused: {},
    firstAcceptedAt: null,
    lastAcceptedAt: null,
  };
  private readonly byChat = new Map<string, ChatLedger>();
  private readonly seen = new Map<string, Set<string>>();

  /** The ledger of one chat (an empty one if nothing was sent there). */
  chat(id: number | string): ChatLedger {
    return this.byChat.get(String(id)) ?? emptyChat(String(id));
  }

  chats(): ChatLedger[] {
    return [...this.byChat.values()];
  }

  attempt(chatId: string): number {
    const c = this.entry(chatId);
    this.totals.sends += 1;
    return c.attempts++;
  }

  violation(kinds: TelegramViolation[]): void {
    this.totals.violations.total += 1;
    for (const k of kinds) this.totals.violations[k] += 1;
  }

  refuse(chatId: string, status: number): void {
    const c = this.entry(chatId);
    const key = String(status);
    c.refused[key] = (c.refused[key] ?? 0) + 1;
    this.totals.refused[key] = (this.totals.refused[key] ?? 0) + 1;
  }

  /** `contentKey` identifies what the user sees (see `contentKey`). */
  accept(chatId: string, send: AcceptedSend, contentKey: string): void {
    const c = this.entry(chatId);
    c.accepted.push(send);
    c.firstAcceptedAt ??= send.at;
    c.lastAcceptedAt = send.at;
    this.totals.accepted += 1;
    this.totals.firstAcceptedAt ??= send.at;
    this.totals.lastAcceptedAt = send.at;
    let seen = this.seen.get(chatId);
    if (!seen) this.seen.set(chatId, (seen = new Set()));
    const key = digest(contentKey);
    if (seen.has(key)) {
      c.duplicates += 1;
      this.totals.duplicates += 1;
    } else {
      seen.add(key);
    }
  }

  private entry(chatId: string): ChatLedger {
    let c = this.byChat.get(chatId);
    if (!c) this.byChat.set(chatId, (c = emptyChat(chatId)));
    return c;
  }
}

function emptyChat(chatId: string): ChatLedger {
  return { chatId, attempts: 0, accepted: [], duplicates: 0, refused: {}, firstAcceptedAt: null, lastAcceptedAt: null };
}
