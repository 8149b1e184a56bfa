/**
 * The messenger port: how the delivery outbox and the adapters' command replies reach a chat
 * without knowing the platform. Each adapter maps its platform's errors to an outcome the caller can
 * act on, and says how far a reply got, so a retry resumes after the parts that went out.
 */
import type { Destination } from '../core/ports.js';
import type { Reply } from '../commands/reply.js';

export interface SendOptions {
  /** The first platform message of the reply to send: the ones before it went out in an earlier attempt. */
  fromPart?: number;
  /** No notification sound (Telegram `disable_notification`, Discord SUPPRESS_NOTIFICATIONS). */
  silent?: boolean;
  /** Stable id of this message (the outbox key): Discord derives its nonce from it, so a re-send is not a second post. */
  idempotencyKey?: string;
  /** Interactive replies go ahead of a broadcast in the platform's pacing. Default 'broadcast'. */
  priority?: 'interactive' | 'broadcast';
  /**
   * Called after each part went out, with the parts sent so far and its message id, so the outbox
   * can record progress durably. Answering false stops the send (the row was cancelled or its claim lost).
   */
  onPart?: (partsSent: number, messageId: string) => Promise<boolean>;
}

export type SendFailure =
  /** Blocked, kicked, chat or channel deleted, missing access: retire the destination. */
  | { ok: false; kind: 'gone'; detail: string }
  /** Telegram group upgraded to a supergroup: move the subscription and send again. */
  | { ok: false; kind: 'moved'; detail: string; movedTo: Destination }
  /** 429, 5xx, timeout, network: the outcome is unknown or deferred; try again later. */
  | { ok: false; kind: 'retry'; detail: string; retryAfterMs?: number; rateLimited?: boolean }
  /** Our bug (bad payload): never retry the same payload. */
  | { ok: false; kind: 'failed'; detail: string }
  /** The caller stopped it through `onPart`. */
  | { ok: false; kind: 'cancelled'; detail: string };

/** `partsSent` counts from the start of the reply (fromPart included): where a retry resumes. */
export type SendOutcome = ({ ok: true } | SendFailure) & { partsSent: number; messageIds: string[] };

export interface Messenger {
  readonly platform: Destination['platform'];
  /** How many platform messages `reply` becomes (a Telegram photo with its caption, then the rest as text). */
  parts(reply: Reply): number;
  send(dest: Destination, reply: Reply, opts?: SendOptions): Promise<SendOutcome>;
}

/**
 * A platform's rendering of a reply, done once per reply object: a broadcast sends one reply (a
 * shared outbox payload) to thousands of chats. Replies are never mutated after they are built.
 */
export function renderedOnce<T>(render: (reply: Reply) => T): (reply: Reply) => T {
  const rendered = new WeakMap<Reply, T>();
  return (reply) => {
    let r = rendered.get(reply);
    if (r === undefined) rendered.set(reply, (r = render(reply)));
    return r;
  };
}
