/**
 * The messenger port: how the scheduler and the alert watcher reach a chat without knowing the
 * platform. Each adapter maps its platform's errors to an outcome the caller can act on.
 */
import type { Destination } from '../core/ports.js';
import type { Reply } from '../commands/reply.js';

export type SendOutcome =
  | { ok: true }
  /** Blocked, kicked, chat or channel deleted, missing access: retire the destination. */
  | { ok: false; kind: 'gone'; detail: string }
  /** Telegram group upgraded to a supergroup: move the subscription and send again. */
  | { ok: false; kind: 'moved'; detail: string; movedTo: Destination }
  /** 429, 5xx, timeout, network: the outcome is unknown or deferred; try again later. */
  | { ok: false; kind: 'retry'; detail: string; retryAfterMs?: number }
  /** Our bug (bad payload): never retry the same payload. */
  | { ok: false; kind: 'failed'; detail: string };

export interface Messenger {
  readonly platform: Destination['platform'];
  send(dest: Destination, reply: Reply): Promise<SendOutcome>;
}
