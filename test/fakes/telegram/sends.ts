/**
 * The road a send* call takes through the fake before and after the method itself runs:
 *   1. limits (and a running retry_after) → 429, counted as a violation;
 *   2. the seeded fault for this chat's n-th attempt → 429 (chat refused until retry_after) or 5xx;
 *   3. the chat's scripted state → 403 / 400 / 400 with migrate_to_chat_id;
 *   4. the method (HTML, lengths, file ids) → accepted into the ledger, or its own 400.
 * A 5xx "delivered all the same" runs the method and then answers 5xx.
 */
import type { FormFile } from './multipart.js';
import type { Answer, StoredFile } from './methods.js';
import { FaultInjector, type Fault, type InjectOptions } from './faults.js';
import { TelegramLimiter, resolveTelegramLimits, type TelegramLimitOptions } from './limits.js';
import { TelegramLedger, type AcceptedSend } from './ledger.js';
import { scriptedAnswer, serverError, tooManyRequests, type ChatScript, type ErrorAnswer } from './chats.js';

/** Methods that post a message (sendChatAction posts nothing). */
export const isSendMethod = (method: string): boolean => /^send[A-Z]/.test(method) && method !== 'sendChatAction';

export interface Admission {
  chat: string;
  isGroup: boolean;
  fault: Fault;
}

export class SendPolicy {
  readonly ledger = new TelegramLedger();
  readonly limiter: TelegramLimiter;
  readonly scripts = new Map<string, ChatScript>();
  private readonly injector: FaultInjector | null;

  constructor(limits: TelegramLimitOptions | undefined, inject: InjectOptions | undefined) {
    this.limiter = new TelegramLimiter(limits ? resolveTelegramLimits(limits) : null);
    this.injector = inject ? new FaultInjector(inject) : null;
  }

  /** Steps 1–3: an error answer, or the go-ahead to run the method. */
  admit(params: Record<string, unknown>, now: number): ErrorAnswer | Admission {
    const chat = String(params['chat_id']);
    const isGroup = Number(params['chat_id']) < 0;
    const attempt = this.ledger.attempt(chat);
    const fault = this.injector?.draw(chat, attempt) ?? { kind: 'none' };
    const breaches = this.limiter.breaches(chat, isGroup, now);
    if (this.limiter.limits.countRefused) this.limiter.count(chat, isGroup, now);
    if (breaches.length > 0) {
      this.ledger.violation(breaches);
      this.ledger.totals.limited429 += 1;
      return this.refuse(chat, tooManyRequests(this.limiter.refuse(chat, isGroup, now)));
    }
    if (fault.kind === '429') {
      this.ledger.totals.injected429 += 1;
      return this.refuse(chat, tooManyRequests(this.limiter.refuse(chat, isGroup, now, this.injector!.retryAfterSeconds)));
    }
    if (fault.kind === '5xx' && !fault.delivered) {
      this.ledger.totals.injected5xx += 1;
      return this.refuse(chat, serverError(fault.status));
    }
    const script = this.scripts.get(chat);
    if (script) return this.refuse(chat, scriptedAnswer(script));
    return { chat, isGroup, fault };
  }

  /** A failNext answer is an attempt too (null: the connection was dropped). */
  bookScripted(params: Record<string, unknown>, status: number | null): void {
    const chat = String(params['chat_id']);
    this.ledger.attempt(chat);
    if (status !== null) this.ledger.refuse(chat, status);
  }

  /** Step 4 done: book the method's answer; returns what to send back. */
  settle(a: Admission, method: string, params: Record<string, unknown>, files: Record<string, FormFile>, answer: Answer, storedFiles: Map<string, StoredFile>, now: number): Answer {
    if (!answer.ok) return this.refuse(a.chat, answer);
    if (!this.limiter.limits.countRefused) this.limiter.count(a.chat, a.isGroup, now);
    const { send, key } = describe(method, params, files, answer.result as Record<string, any>, storedFiles, now);
    this.ledger.accept(a.chat, send, key);
    if (a.fault.kind === '5xx') {
      this.ledger.totals.injected5xx += 1;
      this.ledger.totals.deliveredOn5xx += 1;
      return this.refuse(a.chat, serverError(a.fault.status));
    }
    return answer;
  }

  private refuse<T extends { ok: false; error_code: number }>(chat: string, answer: T): T {
    this.ledger.refuse(chat, answer.error_code);
    return answer;
  }
}

function describe(method: string, p: Record<string, unknown>, files: Record<string, FormFile>, result: Record<string, any>, storedFiles: Map<string, StoredFile>, now: number): { send: AcceptedSend; key: string } {
  const send: AcceptedSend = {
    messageId: Number(result['message_id']),
    method,
    at: now,
    disableNotification: p['disable_notification'] === true || p['disable_notification'] === 'true',
  };
  if (typeof p['text'] === 'string') send.text = p['text'];
  if (typeof p['caption'] === 'string') send.caption = p['caption'];
  if (method === 'sendPhoto') {
    const upload = files['photo'];
    send.photo = upload ? { uploadBytes: upload.bytes.length } : { fileId: String(p['photo']) };
    const returned = (result['photo'] as { file_id: string }[] | undefined)?.[0]?.file_id;
    const picture = returned ? storedFiles.get(returned)?.digest : undefined;
    return { send, key: `sendPhoto\u0000${send.caption ?? ''}\u0000${picture ?? send.photo.fileId}` };
  }
  if (method === 'sendMessage') return { send, key: `sendMessage\u0000${send.text ?? ''}` };
  const { chat_id: _chat, ...rest } = p;
  return { send, key: `${method}\u0000${JSON.stringify(rest)}` };
}
