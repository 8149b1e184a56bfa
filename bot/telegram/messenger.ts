/**
 * The Messenger port over telegraf's `Telegram` client: render, send the parts in order, and turn
 * whatever Telegram answers into a SendOutcome the scheduler can act on. telegraf never retries.
 */
import { TelegramError, type Telegram } from 'telegraf';
import type { Destination, Logger } from '../../core/ports.js';
import type { Reply } from '../../commands/reply.js';
import type { Messenger, SendOutcome } from '../messenger.js';
import { renderReply, type TelegramPart } from './render.js';

export interface TelegramMessenger extends Messenger {
  /** As `send`, but into a forum topic when `threadId` is given (command replies). */
  deliver(chatId: string, reply: Reply, opts?: { threadId?: number }): Promise<SendOutcome>;
}

type CallSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];

export interface TelegramMessengerOptions {
  logger: Logger;
  /** Telegram has no idempotency key: past this the outcome is unknown and reported as retry. */
  sendTimeoutMs?: number;
}

export function createTelegramMessenger(telegram: Telegram, opts: TelegramMessengerOptions): TelegramMessenger {
  const timeoutMs = opts.sendTimeoutMs ?? 30_000;
  const photoIds = new Map<string, string>(); // image.cacheKey → file_id this bot received

  async function sendPart(chatId: string, part: TelegramPart, thread: { message_thread_id?: number }): Promise<void> {
    // telegraf types the signal as the abort-controller shim's; node-fetch 2 accepts the native one.
    const signal = AbortSignal.timeout(timeoutMs) as unknown as CallSignal;
    if (part.kind === 'text') {
      await telegram.callApi('sendMessage', { chat_id: chatId, text: part.html, parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...thread }, { signal });
      return;
    }
    const key = part.image.cacheKey;
    const known = key === undefined ? undefined : photoIds.get(key);
    const caption = { caption: part.caption, parse_mode: 'HTML' as const, ...thread };
    if (known !== undefined) {
      try {
        await telegram.callApi('sendPhoto', { chat_id: chatId, photo: known, ...caption }, { signal });
        return;
      } catch (err) {
        // A file_id can expire or belong to another bot token: forget it and upload again.
        if (!(err instanceof TelegramError && err.code === 400 && /file identifier|file_id/i.test(err.description))) throw err;
        photoIds.delete(key!);
      }
    }
    const photo = { source: Buffer.from(part.image.png), filename: part.image.filename };
    const sent = await telegram.callApi('sendPhoto', { chat_id: chatId, photo, ...caption }, { signal });
    const largest = sent.photo.at(-1);
    if (key !== undefined && largest) photoIds.set(key, largest.file_id);
  }

  async function deliver(chatId: string, reply: Reply, o: { threadId?: number } = {}): Promise<SendOutcome> {
    const thread = o.threadId === undefined ? {} : { message_thread_id: o.threadId };
    for (const part of renderReply(reply)) {
      try {
        await sendPart(chatId, part, thread);
      } catch (err) {
        // Parts already sent stay sent: a retry may repeat them (Telegram offers no idempotency).
        const outcome = classifySendError(err);
        opts.logger.warn('telegram send failed', { chat: chatId, part: part.kind, outcome: outcome.ok ? 'ok' : outcome.kind, detail: outcome.ok ? '' : outcome.detail });
        return outcome;
      }
    }
    return { ok: true };
  }

  return {
    platform: 'telegram',
    deliver,
    send: (dest: Destination, reply: Reply) => deliver(dest.chatId, reply),
  };
}

/** Telegram's answer (or the lack of one) → what the caller should do next. */
export function classifySendError(err: unknown): SendOutcome {
  if (err instanceof TelegramError) {
    const detail = `${err.code}: ${err.description}`;
    const params = err.parameters;
    if (err.code === 429) {
      const retry_after = params?.retry_after;
      return retry_after === undefined ? { ok: false, kind: 'retry', detail } : { ok: false, kind: 'retry', detail, retryAfterMs: retry_after * 1000 };
    }
    if (err.code >= 500) return { ok: false, kind: 'retry', detail };
    if (err.code === 403) return { ok: false, kind: 'gone', detail };
    if (err.code === 400 && params?.migrate_to_chat_id !== undefined) {
      return { ok: false, kind: 'moved', detail, movedTo: { platform: 'telegram', chatId: String(params.migrate_to_chat_id) } };
    }
    if (err.code === 400 && /chat not found/i.test(err.description)) return { ok: false, kind: 'gone', detail };
    return { ok: false, kind: 'failed', detail };
  }
  if (err instanceof Error && (err.name === 'FetchError' || err.name === 'AbortError' || err.name === 'TimeoutError')) {
    // No answer: the message may or may not have arrived. telegraf already redacts the token
    // from node-fetch's URL; keep only the reason after it anyway.
    const reason = /reason: (.*)$/.exec(err.message)?.[1] ?? err.name;
    return { ok: false, kind: 'retry', detail: `network: ${reason}` };
  }
  return { ok: false, kind: 'failed', detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}
