/**
 * Messenger over Discord REST: posts a rendered reply to a channel. Used by the scheduler and the
 * alert watcher, so it needs no gateway connection — only a REST client with the bot token.
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type REST } from 'discord.js';
import type { Reply } from '../../commands/reply.js';
import type { Destination, Logger } from '../../core/ports.js';
import { renderedOnce, type Messenger, type SendFailure, type SendOptions, type SendOutcome } from '../messenger.js';
import { renderReply, type DiscordMessage } from './render.js';

/** Discord JSON error codes that mean the channel is not ours to post to any more. */
const GONE_CODES = new Set([10003, 50001, 50013]); // unknown channel, missing access, missing permissions
const INVALID_FORM_BODY = 50035;
const NONCE_LENGTH = 25;

/** Discord's message flag that posts without a notification sound. */
export const SUPPRESS_NOTIFICATIONS = 1 << 12;

/**
 * A stable nonce per message: from the outbox key when there is one (a re-send after a crash is then
 * answered by Discord with the first message), else from the channel and the content.
 */
export function deliveryNonce(dest: Destination, reply: Reply, idempotencyKey?: string): string {
  const hash = createHash('sha256').update(dest.chatId).update('\n');
  if (idempotencyKey !== undefined) hash.update(idempotencyKey);
  else {
    const { image, ...text } = reply;
    hash.update(JSON.stringify(text));
    if (image) hash.update(image.cacheKey ?? image.filename);
  }
  return hash.digest('base64url').slice(0, NONCE_LENGTH);
}

// A broadcast posts the same chart to every channel. @discordjs/rest would copy the bytes into a
// fresh Blob per post (1,000 channels: 84 MB of native memory waiting for the GC); one Blob per
// chart, appended to every post's form, is shared instead.
const blobs = new WeakMap<Uint8Array, Blob>();
const blobOf = (data: Uint8Array): Blob => {
  let b = blobs.get(data);
  if (!b) blobs.set(data, (b = new Blob([data], { type: 'image/png' })));
  return b;
};

/** The same message as multipart form data, as Discord takes it: payload_json, then files[n]. */
export function channelMessageForm(message: DiscordMessage, nonce: string, silent = false): FormData {
  const form = new FormData();
  message.files.forEach((f, i) => form.append(`files[${i}]`, blobOf(f.data), f.name));
  form.append('payload_json', JSON.stringify(channelMessageJson(message, nonce, silent)));
  return form;
}

/** The JSON part of POST /channels/:id/messages (the whole body when there are no files). */
export function channelMessageJson(message: DiscordMessage, nonce: string, silent = false) {
  return {
    embeds: message.embeds,
    allowed_mentions: message.allowed_mentions,
    attachments: message.files.map((f, id) => ({ id, filename: f.name, description: f.description })),
    nonce,
    enforce_nonce: true,
    ...(silent ? { flags: SUPPRESS_NOTIFICATIONS } : {}),
  };
}

/** REST body and files for POST /channels/:id/messages, as @discordjs/rest takes them (it copies the files per post). */
export function channelMessageBody(message: DiscordMessage, nonce: string, silent = false) {
  return {
    body: channelMessageJson(message, nonce, silent),
    files: message.files.map((f) => ({ name: f.name, data: Buffer.from(f.data), contentType: 'image/png' })),
  };
}

export function toSendOutcome(err: unknown): SendFailure {
  if (err instanceof DiscordAPIError) {
    const detail = `discord ${err.status} ${err.code}: ${'message' in err.rawError ? err.rawError.message : err.rawError.error}`;
    if (typeof err.code === 'number' && GONE_CODES.has(err.code)) return { ok: false, kind: 'gone', detail };
    if (err.status === 403 || err.status === 404) return { ok: false, kind: 'gone', detail };
    if (err.code === INVALID_FORM_BODY) return { ok: false, kind: 'failed', detail };
    if (err.status === 429) return { ok: false, kind: 'retry', detail, rateLimited: true };
    if (err.status >= 500) return { ok: false, kind: 'retry', detail };
    return { ok: false, kind: 'failed', detail };
  }
  if (err instanceof RateLimitError) {
    return { ok: false, kind: 'retry', detail: `discord rate limited on ${err.route}`, retryAfterMs: err.retryAfter, rateLimited: true };
  }
  if (err instanceof HTTPError) return { ok: false, kind: 'retry', detail: `discord ${err.status} ${err.method}` };
  // Network failures and timeouts: the message may or may not have landed; the nonce covers a retry.
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, kind: 'retry', detail: `network: ${name}: ${message}` };
}

/**
 * discord.js's REST queue paces the posts (global and per-channel buckets, 429s waited out); this
 * only renders, posts and maps the answer. A reply is one Discord message.
 */
export function createDiscordMessenger({ rest, logger }: { rest: REST; logger: Logger }): Messenger {
  const messageOf = renderedOnce(renderReply);
  return {
    platform: 'discord',
    parts: () => 1,
    async send(dest: Destination, reply: Reply, opts: SendOptions = {}): Promise<SendOutcome> {
      if (dest.platform !== 'discord') return { ok: false, kind: 'failed', detail: `not a Discord destination: ${dest.platform}`, partsSent: 0, messageIds: [] };
      if ((opts.fromPart ?? 0) >= 1) return { ok: true, partsSent: 1, messageIds: [] };
      const message = messageOf(reply);
      const nonce = deliveryNonce(dest, reply, opts.idempotencyKey);
      // Without files the body is JSON; with them, a form sharing the chart's bytes (above).
      const request = message.files.length
        ? { body: channelMessageForm(message, nonce, opts.silent), passThroughBody: true }
        : { body: channelMessageJson(message, nonce, opts.silent) };
      try {
        const posted = (await rest.post(Routes.channelMessages(dest.chatId), request)) as { id?: string } | null;
        const id = posted?.id === undefined ? [] : [String(posted.id)];
        if (opts.onPart && !(await opts.onPart(1, id[0] ?? ''))) return { ok: false, kind: 'cancelled', detail: 'stopped by the caller', partsSent: 1, messageIds: id };
        return { ok: true, partsSent: 1, messageIds: id };
      } catch (err) {
        const outcome = toSendOutcome(err);
        logger.debug('discord send failed', { chat: dest.chatId, outcome });
        return { ...outcome, partsSent: 0, messageIds: [] };
      }
    },
  };
}
