/**
 * A fake Telegram Bot API on 127.0.0.1 speaking the real wire format: `POST /bot<token>/<method>`
 * with JSON or multipart bodies, `{ok, result}` / `{ok:false, error_code, description, parameters}`
 * answers. Tests point the real telegraf at `apiRoot`, queue updates, and assert on `calls`.
 *
 * Off by default, for delivery tests and the broadcast benchmark: Telegram's send limits (scaled by
 * a factor), seeded 429/5xx injection, chats scripted as blocked / not found / migrated, and a
 * per-chat `ledger` of what was accepted. `record: false` keeps only the ledger, not `calls`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'telegraf/types';
import type { FormFile } from './telegram/multipart.js';
import { parseBody, readBody, send } from './telegram/http.js';
import { handleMethod, type FakeState } from './telegram/methods.js';
import { SendPolicy, isSendMethod } from './telegram/sends.js';
import type { TelegramLimitOptions, ResolvedTelegramLimits } from './telegram/limits.js';
import type { InjectOptions } from './telegram/faults.js';
import type { TelegramLedger } from './telegram/ledger.js';
import { textMessage, type ChatSpec, type UserSpec } from './telegram/updates.js';

export type { ChatSpec, UserSpec } from './telegram/updates.js';
export type { TelegramLimitOptions, ResolvedTelegramLimits, TelegramViolation } from './telegram/limits.js';
export type { InjectOptions } from './telegram/faults.js';
export type { TelegramLedger, ChatLedger, AcceptedSend, TelegramTotals } from './telegram/ledger.js';

export interface FakeTelegramOptions {
  token?: string;
  pollTimeoutMs?: number;
  /** Enforce Telegram's send limits (absent: no limits). */
  limits?: TelegramLimitOptions;
  /** Seeded 429 / 5xx on send calls (absent: none). */
  inject?: InjectOptions;
  /** false: keep only counters and the ledger, not every call with its body and files (then `calls`, `waitFor` and `handled` see nothing). */
  record?: boolean;
  /** Milliseconds; the limits' windows and the ledger's timestamps read it. */
  clock?: () => number;
}

export interface RecordedCall {
  method: string;
  /** JSON body as parsed; multipart text fields as strings (that is what Telegram receives). */
  params: Record<string, unknown>;
  files: Record<string, FormFile>;
  /** The answer sent back: 'ok' or the error code (set once answered; the call is recorded on arrival). */
  answered: 'ok' | number | 'dropped';
}

/** What the next call of a method gets instead of a normal answer. */
export type ScriptedFailure =
  | { code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } }
  | { drop: true }; // the connection is destroyed without an answer (a network error)

export interface CommandSpec {
  chat: ChatSpec;
  text: string;
  from?: UserSpec;
  senderChat?: ChatSpec;
}

export const FAKE_TOKEN = '123456789:AAFakeTokenForTestsOnly-abcdefghijkl';

export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  private readonly state: FakeState;
  private readonly failures = new Map<string, ScriptedFailure[]>();
  private readonly listeners = new Set<() => void>();
  private readonly pollers = new Set<() => void>();
  private nextMessageId = 1000;
  /** The webhook set with setWebhook, if any. */
  webhook: { url: string; secret: string | null; allowedUpdates: string[] | null } | null = null;
  /** getUpdates answered 409: a poll while a webhook is set, or two pollers at once. */
  conflicts = 0;
  private activePoll: (() => void) | null = null;
  private readonly sends: SendPolicy;
  private readonly recording: boolean;
  private readonly clock: () => number;

  private constructor(
    private readonly server: Server,
    readonly token: string,
    readonly apiRoot: string,
    opts: FakeTelegramOptions,
  ) {
    this.state = { updates: [], nextUpdateId: 1, members: new Map(), files: new Map(), nextFileId: 1, nextMessageId: 5000, pollTimeoutMs: opts.pollTimeoutMs ?? 150, username: 'basisbot_test_bot' };
    this.sends = new SendPolicy(opts.limits, opts.inject);
    this.recording = opts.record ?? true;
    this.clock = opts.clock ?? (() => performance.timeOrigin + performance.now());
  }

  static async start(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    let fake: FakeTelegram | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res).catch(() => res.destroy())) // a client that died mid-request;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTelegram(server, opts.token ?? FAKE_TOKEN, `http://127.0.0.1:${port}`, opts);
    return fake;
  }

  /** What reached each chat, and the run's totals. */
  get ledger(): TelegramLedger {
    return this.sends.ledger;
  }

  /** The limits in force (windows already divided by the factor), or null when none are. */
  get limits(): ResolvedTelegramLimits | null {
    return this.limitsOn ? this.sends.limiter.limits : null;
  }

  /** Every send to `chatId` is refused 403, e.g. "Forbidden: bot was blocked by the user". */
  blockChat(chatId: number | string, reason = 'bot was blocked by the user'): void {
    this.sends.scripts.set(String(chatId), { kind: 'forbidden', reason });
  }

  /** Every send to `chatId` is refused 400 "Bad Request: chat not found". */
  chatNotFound(chatId: number | string): void {
    this.sends.scripts.set(String(chatId), { kind: 'notFound' });
  }

  /** The group became a supergroup: sends to `oldId` get 400 with parameters.migrate_to_chat_id. */
  migrateChat(oldId: number | string, newId: number): void {
    this.sends.scripts.set(String(oldId), { kind: 'migrated', to: newId });
  }

  /** Undoes blockChat / chatNotFound / migrateChat. */
  restoreChat(chatId: number | string): void {
    this.sends.scripts.delete(String(chatId));
  }

  /** Resolves once `test` holds for the ledger (checked after every call). */
  async waitForLedger(test: (ledger: TelegramLedger) => boolean, what: string, timeoutMs = 5000): Promise<void> {
    await this.until(() => (test(this.ledger) ? true : undefined), what, timeoutMs);
  }

  get botUsername(): string {
    return this.state.username;
  }

  /** Queue a raw update (update_id is assigned here) and wake any waiting getUpdates. */
  queueUpdate(update: Omit<Update, 'update_id'>): number {
    const update_id = this.state.nextUpdateId++;
    this.state.updates.push({ ...update, update_id } as Update);
    for (const wake of [...this.pollers]) wake();
    return update_id;
  }

  /** A user (or, in a channel, the channel) sends text: a `message` or a `channel_post` update. */
  postText(spec: CommandSpec): number {
    const message = textMessage({ ...spec, messageId: this.nextMessageId++, date: 1_700_000_000 });
    return spec.chat.type === 'channel'
      ? this.queueUpdate({ channel_post: message } as Omit<Update, 'update_id'>)
      : this.queueUpdate({ message } as Omit<Update, 'update_id'>);
  }

  setMember(chatId: number, userId: number, status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked'): void {
    this.state.members.set(`${chatId}:${userId}`, status);
  }

  /** The next call of `method` fails this way (several calls queue several failures). */
  failNext(method: string, failure: ScriptedFailure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first recorded call matching `test`, now or later (a safety timeout rejects). */
  waitFor(test: (call: RecordedCall) => boolean, what: string, timeoutMs = 5000): Promise<RecordedCall> {
    return this.until(() => this.calls.find(test), what, timeoutMs);
  }

  /** Resolves with the first defined value of `probe`, checked now and after every call. */
  private until<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = probe();
        if (hit === undefined) return false;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      if (!check()) this.listeners.add(check);
    });
  }

  /** Resolves when `count` calls of `method` have been recorded. */
  async waitForCalls(method: string, count: number): Promise<RecordedCall[]> {
    await this.waitFor((c) => c.method === method && this.callsTo(method).length >= count, `${count} call(s) of ${method}`);
    return this.callsTo(method);
  }

  /**
   * Resolves once the bot has finished with update `updateId`: telegraf asks for the next batch
   * (offset past it) only after every handler of the batch has settled.
   */
  async handled(updateId: number): Promise<void> {
    await this.waitFor((c) => c.method === 'getUpdates' && Number(c.params['offset'] ?? 0) > updateId, `update ${updateId} to be handled`);
  }

  async close(): Promise<void> {
    for (const wake of [...this.pollers]) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private get limitsOn(): boolean {
    return this.sends.limiter.enabled;
  }

  private record(call: RecordedCall): void {
    if (this.recording) this.calls.push(call);
    for (const check of [...this.listeners]) check();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!m) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== this.token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    const { params, files } = parseBody(body, req.headers['content-type'] ?? '');
    const call: RecordedCall = { method, params, files, answered: 'ok' };
    this.ledger.totals.calls += 1;
    const failure = this.failures.get(method)?.shift();
    if (failure) call.answered = 'drop' in failure ? 'dropped' : failure.code;
    if (!failure && isSendMethod(method)) return this.handleSend(call, res);
    if (failure && isSendMethod(method)) this.sends.bookScripted(params, 'drop' in failure ? null : failure.code);
    this.record(call); // on arrival: a getUpdates' offset already tells what the bot has handled
    if (failure && 'drop' in failure) {
      res.socket?.destroy();
      return;
    }
    if (failure) {
      if (failure.code >= 500) return send(res, failure.code, { ok: false, error_code: failure.code, description: failure.description });
      return send(res, failure.code, { ok: false, error_code: failure.code, description: failure.description, ...(failure.parameters ? { parameters: failure.parameters } : {}) });
    }
    if (method === 'setWebhook' || method === 'deleteWebhook' || method === 'getWebhookInfo') return send(res, 200, this.webhookMethod(method, params));
    if (method === 'getUpdates') {
      // What Telegram does: no polling while a webhook is set, and one poller at a time.
      if (this.webhook) {
        this.conflicts += 1;
        return send(res, 409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
      }
      if (this.activePoll) {
        this.conflicts += 1;
        this.activePoll();
      }
      if (await this.waitForUpdates(params, res)) {
        return send(res, 409, { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
      }
    }
    const answer = handleMethod(this.state, method, params, files);
    call.answered = answer.ok ? 'ok' : answer.error_code;
    if (res.destroyed) return; // the client aborted its long poll
    send(res, answer.ok ? 200 : answer.error_code, answer);
  }

  private handleSend(call: RecordedCall, res: ServerResponse): void {
    const now = this.clock();
    const admitted = this.sends.admit(call.params, now);
    const answer = 'ok' in admitted ? admitted : this.sends.settle(admitted, call.method, call.params, call.files, handleMethod(this.state, call.method, call.params, call.files), this.state.files, now);
    call.answered = answer.ok ? 'ok' : answer.error_code;
    this.record(call);
    send(res, answer.ok ? 200 : answer.error_code, answer);
  }

  /**
   * Long poll: return at once when something is pending past `offset`, else on arrival or timeout.
   * Resolves true when another getUpdates arrived meanwhile (the caller answers 409, as Telegram does).
   */
  private waitForUpdates(params: Record<string, unknown>, res: ServerResponse): Promise<boolean> {
    const offset = Number(params['offset'] ?? 0);
    const timeoutS = Number(params['timeout'] ?? 0);
    if (timeoutS <= 0 || this.state.updates.some((u) => u.update_id >= offset)) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (conflict = false) => {
        this.pollers.delete(wake);
        if (this.activePoll === terminate) this.activePoll = null;
        clearTimeout(timer);
        resolve(conflict);
      };
      const wake = () => done();
      const terminate = () => done(true);
      const timer = setTimeout(wake, Math.min(timeoutS * 1000, this.state.pollTimeoutMs));
      this.pollers.add(wake);
      this.activePoll = terminate;
      res.once('close', wake);
    });
  }

  private webhookMethod(method: string, p: Record<string, unknown>) {
    if (method === 'setWebhook') {
      this.webhook = { url: String(p['url']), secret: p['secret_token'] === undefined ? null : String(p['secret_token']), allowedUpdates: (p['allowed_updates'] as string[] | undefined) ?? null };
      for (const wake of [...this.pollers]) wake();
      return { ok: true, result: true, description: 'Webhook was set' };
    }
    if (method === 'deleteWebhook') {
      this.webhook = null;
      return { ok: true, result: true, description: 'Webhook was deleted' };
    }
    return { ok: true, result: { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.state.updates.length } };
  }

  /**
   * Telegram pushing an update to the registered webhook, with its secret header (or `secret` to
   * send another one, null for none). Resolves with the HTTP status the bot answered.
   */
  async pushUpdate(update: Omit<Update, 'update_id'>, opts: { secret?: string | null; url?: string } = {}): Promise<number> {
    const url = opts.url ?? this.webhook?.url;
    if (!url) throw new Error('no webhook is set');
    const secret = opts.secret === undefined ? this.webhook?.secret ?? null : opts.secret;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
      body: JSON.stringify({ ...update, update_id: this.state.nextUpdateId++ }),
    });
    await res.arrayBuffer();
    return res.status;
  }

  /** A text message as Telegram would push it to the webhook. */
  pushText(spec: CommandSpec, opts: { secret?: string | null; url?: string } = {}): Promise<number> {
    const message = textMessage({ ...spec, messageId: this.nextMessageId++, date: 1_700_000_000 });
    return this.pushUpdate((spec.chat.type === 'channel' ? { channel_post: message } : { message }) as Omit<Update, 'update_id'>, opts);
  }
}
