/**
 * The Messenger port over telegraf's `Telegram` client: render, send the parts in order through the
 * pacer, and turn whatever Telegram answers into a SendOutcome the caller can act on. telegraf never
 * retries: the outbox retries broadcasts from its rows, and `reply` retries a command's answer here.
 */
import { TelegramError, type Telegram } from 'telegraf';
import type { Destination, Logger } from '../../core/ports.js';
import type { Reply } from '../../commands/reply.js';
import { renderedOnce, type Messenger, type SendFailure, type SendOptions, type SendOutcome } from '../messenger.js';
import { RETRY, retryDelayMs } from '../delivery/policy.js';
import { createMediaCache, type MediaStore } from './media.js';
import { createTelegramPacer, type TelegramPacer } from './pacer.js';
import { renderReply, type TelegramPart } from './render.js';

export interface TelegramMessenger extends Messenger {
  /**
   * A command's answer: interactive priority, and never dropped for a rate limit — a 429 is waited
   * out and the rest is sent; 5xx and timeouts are retried by the policy. Into a forum topic when
   * `threadId` is given.
   */
  reply(chatId: string, reply: Reply, opts?: { threadId?: number }): Promise<SendOutcome>;
}

type CallSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];

export interface TelegramMessengerOptions {
  logger: Logger;
  /** Telegram has no idempotency key: past this the outcome is unknown and reported as retry. */
  sendTimeoutMs?: number;
  pacer?: TelegramPacer;
  /** Where uploaded charts' file_ids are kept (the outbox store), so a restart re-sends by id. */
  media?: MediaStore;
  /** Waits between a command reply's retries (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** How long a `retry_after` second lasts: 1000, except against the benchmark's time-scaled fakes. */
  secondMs?: number;
}

interface PartOptions {
  thread: { message_thread_id?: number };
  silent: boolean;
  priority: 'interactive' | 'broadcast';
}

export function createTelegramMessenger(telegram: Telegram, opts: TelegramMessengerOptions): TelegramMessenger {
  const timeoutMs = opts.sendTimeoutMs ?? 30_000;
  const pacer = opts.pacer ?? createTelegramPacer(undefined, opts.logger);
  const media = createMediaCache(opts.media);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const partsOf = renderedOnce(renderReply);

  const call = <M extends 'sendMessage' | 'sendPhoto'>(chatId: string, priority: PartOptions['priority'], method: M, payload: Parameters<Telegram['callApi']>[1] & object) =>
    pacer.schedule(chatId, priority, async () => {
      // A timer cleared on the answer: AbortSignal.timeout would keep every request alive for the full timeout.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        // telegraf types the signal as the abort-controller shim's; node-fetch 2 accepts the native one.
        const signal = abort.signal as unknown as CallSignal;
        return (await telegram.callApi(method, payload as never, { signal })) as { message_id: number; photo?: { file_id: string }[] };
      } finally {
        clearTimeout(timer);
      }
    });

  async function sendPart(chatId: string, part: TelegramPart, o: PartOptions): Promise<number> {
    const common = { chat_id: chatId, parse_mode: 'HTML' as const, ...o.thread, ...(o.silent ? { disable_notification: true } : {}) };
    if (part.kind === 'text') {
      const sent = await call(chatId, o.priority, 'sendMessage', { ...common, text: part.html, link_preview_options: { is_disabled: true } });
      return sent.message_id;
    }
    const caption = { ...common, caption: part.caption };
    const key = part.image.cacheKey;
    for (;;) {
      const lease = key === undefined ? null : await media.acquire(key);
      if (lease?.fileId) {
        try {
          return (await call(chatId, o.priority, 'sendPhoto', { ...caption, photo: lease.fileId })).message_id;
        } catch (err) {
          // A file_id can expire or belong to another bot token: forget it and upload again.
          if (!(err instanceof TelegramError && err.code === 400 && /file identifier|file_id/i.test(err.description))) throw err;
          await media.forget(key!, lease.fileId);
          continue;
        }
      }
      // This send uploads; others wanting the same chart wait for its file_id.
      const done = lease?.done ?? (() => undefined);
      try {
        const photo = { source: Buffer.from(part.image.png), filename: part.image.filename };
        const sent = await call(chatId, o.priority, 'sendPhoto', { ...caption, photo });
        done(sent.photo?.at(-1)?.file_id ?? null);
        return sent.message_id;
      } catch (err) {
        done(null);
        throw err;
      }
    }
  }

  async function sendParts(chatId: string, reply: Reply, from: number, o: PartOptions & { onPart?: SendOptions['onPart'] }): Promise<SendOutcome> {
    const parts = partsOf(reply);
    const messageIds: string[] = [];
    for (let i = from; i < parts.length; i++) {
      try {
        const id = String(await sendPart(chatId, parts[i]!, o));
        messageIds.push(id);
        if (o.onPart && !(await o.onPart(i + 1, id))) return { ok: false, kind: 'cancelled', detail: 'stopped by the caller', partsSent: i + 1, messageIds };
      } catch (err) {
        // Parts already sent stay sent: the caller resumes after them.
        let failure = classifySendError(err);
        if (failure.kind === 'retry' && failure.retryAfterMs !== undefined && opts.secondMs !== undefined) {
          failure = { ...failure, retryAfterMs: (failure.retryAfterMs / 1000) * opts.secondMs };
        }
        if (failure.kind === 'retry' && failure.rateLimited) pacer.rateLimited(chatId, failure.retryAfterMs ?? 1_000);
        opts.logger.debug('telegram send failed', { chat: chatId, part: i, kind: failure.kind, detail: failure.detail });
        return { ...failure, partsSent: i, messageIds };
      }
    }
    return { ok: true, partsSent: parts.length, messageIds };
  }

  async function reply(chatId: string, r: Reply, o: { threadId?: number } = {}): Promise<SendOutcome> {
    const part: PartOptions = { thread: o.threadId === undefined ? {} : { message_thread_id: o.threadId }, silent: false, priority: 'interactive' };
    let from = 0;
    let failures = 0;
    const messageIds: string[] = [];
    for (;;) {
      const outcome = await sendParts(chatId, r, from, part);
      messageIds.push(...outcome.messageIds);
      if (outcome.ok || outcome.kind !== 'retry') {
        if (!outcome.ok) opts.logger.warn('telegram reply not delivered', { chat: chatId, kind: outcome.kind, detail: outcome.detail });
        return { ...outcome, messageIds };
      }
      from = outcome.partsSent;
      // A rate limit is waited out by the pacer's hold on this chat; other failures back off.
      const limited = outcome.retryAfterMs !== undefined;
      if (limited && outcome.retryAfterMs! > RETRY.interactiveMaxWaitMs) return giveUp(outcome, messageIds);
      if (!limited && ++failures >= RETRY.interactiveAttempts) return giveUp(outcome, messageIds);
      if (!limited) await sleep(retryDelayMs(outcome, failures));
    }
    function giveUp(outcome: SendOutcome & SendFailure, ids: string[]): SendOutcome {
      opts.logger.error('telegram reply given up', { chat: chatId, detail: outcome.detail, partsSent: outcome.partsSent });
      return { ...outcome, messageIds: ids };
    }
  }

  return {
    platform: 'telegram',
    parts: (r) => partsOf(r).length,
    reply,
    send: (dest: Destination, r: Reply, o: SendOptions = {}) =>
      sendParts(dest.chatId, r, o.fromPart ?? 0, { thread: {}, silent: o.silent ?? false, priority: o.priority ?? 'broadcast', ...(o.onPart ? { onPart: o.onPart } : {}) }),
  };
}

/** Telegram's answer (or the lack of one) → what the caller should do next. */
export function classifySendError(err: unknown): SendFailure {
  if (err instanceof TelegramError) {
    const detail = `${err.code}: ${err.description}`;
    const params = err.parameters;
    if (err.code === 429) {
      const retry_after = params?.retry_after;
      return retry_after === undefined
        ? { ok: false, kind: 'retry', detail, rateLimited: true }
        : { ok: false, kind: 'retry', detail, retryAfterMs: retry_after * 1000, rateLimited: true };
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
