/**
 * A fake Discord on 127.0.0.1: REST under `<origin>/api/v10` and a gateway on the same port, so the
 * real discord.js client (`new Client({ rest: { api } })`) and @discordjs/rest talk to it unchanged.
 * It records every request, keeps application commands and messages, and can script failures.
 *
 * Off by default, for delivery tests and the broadcast benchmark: Discord's global and per-channel
 * message limits with real X-RateLimit-* headers (so @discordjs/rest paces itself), seeded 429/5xx
 * on channel messages, channels scripted as unknown / missing access / missing permissions, and a
 * per-channel `ledger`. `record: false` keeps only the ledger, not `requests` / `channelMessages`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './discord/gateway.js';
import { readRequest, sendFailure, sendJson, type Failure, type RecordedRequest } from './discord/http.js';
import { interactionPayload, type InteractionSpec } from './discord/interactions.js';
import { DEFAULT_IDS, messagePayload, type FakeIds } from './discord/payloads.js';
import { FakeCommandStore } from './discord/commandStore.js';
import { PostPolicy, type DiscordLedger } from './discord/posts.js';
import type { DiscordLimitOptions, ResolvedDiscordLimits } from './discord/limits.js';
import type { InjectOptions } from './telegram/faults.js';

export type { RecordedRequest } from './discord/http.js';
export { PERMISSIONS } from './discord/interactions.js';
export { SUPPRESS_NOTIFICATIONS } from './discord/posts.js';
export type { DiscordLedger, ChannelLedger, PostedMessage } from './discord/posts.js';
export type { DiscordLimitOptions, ResolvedDiscordLimits, DiscordViolation } from './discord/limits.js';
export type { InjectOptions } from './telegram/faults.js';

export interface FakeDiscordOptions {
  heartbeatIntervalMs?: number;
  /** Enforce Discord's global and per-channel message limits, with headers (absent: none). */
  limits?: DiscordLimitOptions;
  /** Seeded 429 / 5xx on POST /channels/:id/messages (absent: none). */
  inject?: InjectOptions;
  /** false: keep only counters and the ledger, not every request and message (`waitFor` then sees only what is still to come). */
  record?: boolean;
  /** Milliseconds; the limits' windows and the ledger's timestamps read it. */
  clock?: () => number;
}

const CHANNEL_MESSAGES = /^\/channels\/(\d+)\/messages$/;

interface ScriptedFailure {
  method: string;
  path: RegExp;
  failure: Failure;
  times: number;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  json: any;
  files: { name: string; size: number }[];
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** Messages posted to channels (not interaction replies), in order. */
  readonly channelMessages: StoredMessage[] = [];
  /** Interaction token → the current @original message payload. */
  readonly originals = new Map<string, any>();
  readonly commands: FakeCommandStore;
  readonly gateway: FakeGateway;
  /** What GET /gateway/bot recommends (DISCORD_SHARDS=auto follows it). */
  recommendedShards = 1;
  /** When set, REST calls need exactly `Authorization: Bot <botToken>` (else 401, as Discord). */
  botToken: string | null = null;
  private readonly failures: ScriptedFailure[] = [];
  private readonly waiters: { test: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  private readonly acknowledged = new Set<string>();
  private readonly nonces = new Map<string, StoredMessage>();
  private readonly server = createServer((req, res) => void this.route(req, res).catch(() => res.destroy())) // a client that died mid-request;
  private nextId = 1_300_000_000_000_000_000n;
  private port = 0;
  private readonly posts: PostPolicy;
  private readonly recording: boolean;
  private readonly clock: () => number;

  constructor(
    readonly ids: FakeIds = DEFAULT_IDS,
    opts: FakeDiscordOptions = {},
  ) {
    this.posts = new PostPolicy(opts.limits, opts.inject);
    this.recording = opts.record ?? true;
    this.clock = opts.clock ?? (() => performance.timeOrigin + performance.now());
    this.commands = new FakeCommandStore(ids.applicationId, () => this.snowflake());
    this.gateway = new FakeGateway(ids, () => this.gatewayUrl, opts.heartbeatIntervalMs);
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(ids?: FakeIds, opts?: FakeDiscordOptions): Promise<FakeDiscord> {
    const fake = new FakeDiscord(ids, opts);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** What DISCORD_API_BASE / `rest.api` should be set to. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** What reached each channel, and the run's totals. */
  get ledger(): DiscordLedger {
    return this.posts.ledger;
  }

  /** The limits in force (global per 1 s window, channel window divided by the factor), or null. */
  get limits(): ResolvedDiscordLimits | null {
    return this.posts.limiter.enabled ? this.posts.limiter.limits : null;
  }

  /** Messages to the channel get 404 Unknown Channel (10003): it was deleted. */
  unknownChannel(channelId: string): void {
    this.posts.scripts.set(channelId, 'unknown');
  }

  /** Messages to the channel get 403 Missing Access (50001): the bot cannot see it any more. */
  missingAccess(channelId: string): void {
    this.posts.scripts.set(channelId, 'missingAccess');
  }

  /** Messages to the channel get 403 Missing Permissions (50013): it may not post there. */
  missingPermissions(channelId: string): void {
    this.posts.scripts.set(channelId, 'missingPermissions');
  }

  restoreChannel(channelId: string): void {
    this.posts.scripts.delete(channelId);
  }

  /** Resolves once `test` holds for the ledger (checked after every answer). */
  async waitForLedger(test: (ledger: DiscordLedger) => boolean, timeoutMs = 5000): Promise<void> {
    if (!test(this.ledger)) await this.waitFor(() => test(this.ledger), timeoutMs);
  }

  /** The next `times` requests matching method and path are answered with `failure`. */
  fail(method: string, path: RegExp, failure: Failure, times = 1): void {
    this.failures.push({ method, path, failure, times });
  }

  /** Sends a slash command over the gateway; returns the payload (its token names the replies). */
  sendCommand(spec: InteractionSpec) {
    const payload = interactionPayload(spec, this.ids, 2);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return payload;
  }

  sendAutocomplete(spec: InteractionSpec & { focused: string }) {
    const payload = interactionPayload(spec, this.ids, 4);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return payload;
  }

  /** Resolves with the first answered request (already or still to come) that passes `test`. */
  waitFor(test: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find((r) => r.status !== undefined && test(r));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake Discord: no matching request within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ test, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  /** Requests for one interaction (its callback and its webhook edits), in order. */
  requestsFor(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(interaction.token));
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private snowflake(): string {
    this.nextId += 1n;
    return String(this.nextId);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, '');
    const r = await readRequest(req, path, url.searchParams);
    this.posts.ledger.totals.calls += 1;
    if (this.recording) this.requests.push(r);
    res.on('finish', () => {
      r.status = res.statusCode;
      for (const w of [...this.waiters]) if (w.test(r)) (this.waiters.splice(this.waiters.indexOf(w), 1), w.resolve(r));
    });

    const scripted = this.failures.find((f) => f.times > 0 && f.method === r.method && f.path.test(path));
    if (scripted) {
      scripted.times -= 1;
      const channel = r.method === 'POST' ? CHANNEL_MESSAGES.exec(path)?.[1] : undefined;
      if (channel) {
        this.posts.ledger.attempt(channel);
        this.posts.ledger.refuse(channel, scripted.failure.status);
      }
      sendFailure(res, scripted.failure);
      return;
    }
    const authorized = this.botToken ? r.authorization === `Bot ${this.botToken}` : r.authorization?.startsWith('Bot ');
    if (!authorized && !path.startsWith('/interactions/') && !path.startsWith('/webhooks/')) {
      sendJson(res, 401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    // Interaction callbacks and their webhooks are exempt from the global limit.
    const now = this.clock();
    const globalWait = path.startsWith('/interactions/') || path.startsWith('/webhooks/') ? null : this.posts.limiter.hitGlobal(now);
    if (!(r.method === 'POST' && CHANNEL_MESSAGES.test(path))) {
      const refusal = this.posts.globalRefusal(globalWait);
      if (refusal) return sendJson(res, refusal.status, refusal.body, refusal.headers);
    }
    this.handle(r, res, globalWait, now);
  }

  private handle(r: RecordedRequest, res: ServerResponse, globalWait: number | null, now: number): void {
    const { method, path } = r;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      // max_concurrency 16, as large bots get: shards identify together instead of 5 s apart.
      const limit = { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 16 };
      return sendJson(res, 200, { url: this.gatewayUrl, shards: this.recommendedShards, session_start_limit: limit });
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands(?:\/(\d+))?$/.exec(path))) {
      const [status, body] = this.commands.handle(method, m[2] ?? null, m[3] ?? null, r.json);
      return sendJson(res, status, body);
    }
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      return this.interactionCallback(m[2]!, r, res);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(path))) {
      const original = this.originals.get(m[2]!);
      if (!original) return sendJson(res, 404, { message: 'Unknown Message', code: 10008 });
      if (method === 'PATCH') {
        const next = messagePayload(this.ids, original.id, original.channel_id, { ...original, ...r.json }, r.files);
        this.originals.set(m[2]!, next);
        return sendJson(res, 200, next);
      }
      if (method === 'DELETE') {
        this.originals.delete(m[2]!);
        return sendJson(res, 204, null);
      }
      return sendJson(res, 200, original);
    }
    if (method === 'POST' && (m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      return sendJson(res, 200, messagePayload(this.ids, this.snowflake(), this.ids.channelId, r.json ?? {}, r.files));
    }
    if (method === 'POST' && (m = CHANNEL_MESSAGES.exec(path))) {
      return this.channelMessage(m[1]!, r, res, globalWait, now);
    }
    sendJson(res, 404, { message: '404: Not Found', code: 0 });
  }

  private interactionCallback(token: string, r: RecordedRequest, res: ServerResponse): void {
    if (this.acknowledged.has(token)) {
      return sendJson(res, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    }
    this.acknowledged.add(token);
    const type = r.json?.type as number;
    if (type === 4 || type === 5) {
      // 5 (deferred) shows "thinking…" until @original is edited.
      const data = type === 4 ? (r.json.data ?? {}) : { flags: r.json.data?.flags ?? 0 };
      this.originals.set(token, messagePayload(this.ids, this.snowflake(), this.ids.channelId, data, r.files));
    }
    sendJson(res, 204, null);
  }

  private channelMessage(channelId: string, r: RecordedRequest, res: ServerResponse, globalWait: number | null, now: number): void {
    const admitted = this.posts.admit(channelId, globalWait, now);
    if ('status' in admitted) return sendJson(res, admitted.status, admitted.body, admitted.headers);
    const nonceKey = r.json?.nonce !== undefined ? `${channelId}:${r.json.nonce}` : null;
    const earlier = nonceKey && r.json.enforce_nonce ? this.nonces.get(nonceKey) : undefined;
    if (earlier) {
      // enforce_nonce: a repeat answers with the first message and posts nothing.
      this.posts.ledger.nonceReplay(channelId);
      return sendJson(res, 200, messagePayload(this.ids, earlier.id, channelId, earlier.json, earlier.files), admitted.headers);
    }
    const stored: StoredMessage = { id: this.snowflake(), channelId, json: r.json, files: r.files.map((f) => ({ name: f.name, size: f.size })) };
    if (this.recording) this.channelMessages.push(stored);
    if (nonceKey) this.nonces.set(nonceKey, stored);
    const after = this.posts.posted(channelId, admitted, r.json, stored.files, stored.id, now);
    if (after) return sendJson(res, after.status, after.body, after.headers);
    sendJson(res, 200, messagePayload(this.ids, stored.id, channelId, r.json ?? {}, r.files), admitted.headers);
  }
}
