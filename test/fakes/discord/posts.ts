/**
 * The road a POST /channels/:id/messages takes through the fake before a message is stored:
 *   1. the global limit, the channel's bucket and a running retry_after → 429, a violation;
 *   2. the seeded fault for this channel's n-th attempt → 429 (channel refused until retry_after) or 5xx;
 *   3. the channel's scripted state → 404 10003 / 403 50001 / 403 50013.
 * Every answer of the route carries the bucket's X-RateLimit-* headers while limits are on.
 * A 5xx "delivered all the same" stores the message and then answers 5xx.
 */
import { FaultInjector, type Fault, type InjectOptions } from '../telegram/faults.js';
import { DeliveryLedger, type DestinationLedger } from '../telegram/ledger.js';
import { CHANNEL_MESSAGES_BUCKET, DiscordLimiter, resolveDiscordLimits, type DiscordLimitOptions, type DiscordViolation, type FixedWindow } from './limits.js';

export interface PostedMessage {
  id: string;
  /** Clock time (ms) the fake stored it. */
  at: number;
  nonce?: string | number;
  flags: number;
  /** flags has SUPPRESS_NOTIFICATIONS (1 << 12). */
  silent: boolean;
  embedTitle?: string;
  content?: string;
  files: number;
}

export type ChannelLedger = DestinationLedger<PostedMessage>;

export class DiscordLedger extends DeliveryLedger<PostedMessage, DiscordViolation> {
  constructor() {
    super(['global', 'channel', 'retryAfter']);
  }

  channel(id: string): ChannelLedger {
    return this.of(id);
  }

  channels(): ChannelLedger[] {
    return this.all();
  }
}

export type ChannelScript = 'unknown' | 'missingAccess' | 'missingPermissions';

const SCRIPTED: Record<ChannelScript, [number, { message: string; code: number }]> = {
  unknown: [404, { message: 'Unknown Channel', code: 10003 }],
  missingAccess: [403, { message: 'Missing Access', code: 50001 }],
  missingPermissions: [403, { message: 'Missing Permissions', code: 50013 }],
};

export const SUPPRESS_NOTIFICATIONS = 1 << 12;

export interface Refusal {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface Admission {
  fault: Fault;
  headers: Record<string, string>;
}

export class PostPolicy {
  readonly ledger = new DiscordLedger();
  readonly limiter: DiscordLimiter;
  readonly scripts = new Map<string, ChannelScript>();
  private readonly injector: FaultInjector | null;

  constructor(limits: DiscordLimitOptions | undefined, inject: InjectOptions | undefined) {
    this.limiter = new DiscordLimiter(limits ? resolveDiscordLimits(limits) : null);
    this.injector = inject ? new FaultInjector(inject) : null;
  }

  /** A request to any other counted route over the global limit: its 429, or null. */
  globalRefusal(globalWaitMs: number | null): Refusal | null {
    if (globalWaitMs === null) return null;
    this.ledger.violation(['global']);
    this.ledger.totals.limited429 += 1;
    return this.rateLimited(globalWaitMs, 'global', {});
  }

  /** Steps 1–3 for a message to `channel`; `globalWaitMs` says whether it broke the global limit. */
  admit(channel: string, globalWaitMs: number | null, now: number): Refusal | Admission {
    const attempt = this.ledger.attempt(channel);
    const fault = this.injector?.draw(channel, attempt) ?? { kind: 'none' };
    const state = this.limiter.channel(channel);
    const inBucket = !this.limiter.enabled || state.bucket.hit(now);
    const headers = this.limiter.enabled ? bucketHeaders(state.bucket, now) : {};
    const kinds: DiscordViolation[] = [];
    if (now < state.refusedUntil) kinds.push('retryAfter');
    if (globalWaitMs !== null) kinds.push('global');
    if (!inBucket) kinds.push('channel');
    if (kinds.length > 0) {
      this.ledger.violation(kinds);
      this.ledger.totals.limited429 += 1;
      if (globalWaitMs !== null) return this.refuse(channel, this.rateLimited(globalWaitMs, 'global', headers));
      const waitMs = Math.max(state.refusedUntil - now, inBucket ? 0 : state.bucket.resetAfterMs(now));
      state.refusedUntil = Math.max(state.refusedUntil, now + waitMs);
      return this.refuse(channel, this.rateLimited(waitMs, 'user', headers));
    }
    if (fault.kind === '429') {
      this.ledger.totals.injected429 += 1;
      const waitMs = (this.injector!.retryAfterSeconds * 1000) / this.limiter.limits.factor;
      state.refusedUntil = now + waitMs;
      return this.refuse(channel, this.rateLimited(waitMs, 'shared', headers));
    }
    if (fault.kind === '5xx' && !fault.delivered) {
      this.ledger.totals.injected5xx += 1;
      return this.refuse(channel, serverError(fault.status, headers));
    }
    const script = this.scripts.get(channel);
    if (script) {
      const [status, body] = SCRIPTED[script];
      return this.refuse(channel, { status, body, headers });
    }
    return { fault, headers };
  }

  /** A new message was stored: book it; returns the 5xx to answer instead, if the fault says so. */
  posted(channel: string, a: Admission, json: any, files: { name: string; size: number }[], id: string, now: number): Refusal | null {
    const flags = typeof json?.flags === 'number' ? json.flags : 0;
    const message: PostedMessage = { id, at: now, flags, silent: (flags & SUPPRESS_NOTIFICATIONS) !== 0, files: files.length };
    if (json?.nonce !== undefined) message.nonce = json.nonce;
    if (typeof json?.content === 'string') message.content = json.content;
    const title = json?.embeds?.[0]?.title;
    if (typeof title === 'string') message.embedTitle = title;
    const seen = { content: json?.content ?? '', embeds: json?.embeds ?? [], files: files.map((f) => [f.name, f.size]) };
    this.ledger.accept(channel, message, JSON.stringify(seen));
    if (a.fault.kind !== '5xx') return null;
    this.ledger.totals.injected5xx += 1;
    this.ledger.totals.deliveredOn5xx += 1;
    return this.refuse(channel, serverError(a.fault.status, a.headers));
  }

  private refuse(channel: string, r: Refusal): Refusal {
    this.ledger.refuse(channel, r.status);
    return r;
  }

  /** A 429 as Discord sends it; seconds in the body as a float, in Retry-After as whole seconds at factor 1. */
  private rateLimited(waitMs: number, scope: 'user' | 'global' | 'shared', headers: Record<string, string>): Refusal {
    const seconds = Math.ceil(waitMs) / 1000;
    const retryAfter = this.limiter.limits.factor === 1 ? String(Math.max(1, Math.ceil(seconds))) : seconds.toFixed(3);
    return {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: seconds, global: scope === 'global', code: 0 },
      headers: { ...headers, 'retry-after': retryAfter, 'x-ratelimit-scope': scope, ...(scope === 'global' ? { 'x-ratelimit-global': 'true' } : {}) },
    };
  }
}

function bucketHeaders(bucket: FixedWindow, now: number): Record<string, string> {
  const afterMs = Math.ceil(bucket.resetAfterMs(now));
  return {
    'x-ratelimit-limit': String(bucket.limit),
    'x-ratelimit-remaining': String(bucket.remaining()),
    'x-ratelimit-reset': ((Date.now() + afterMs) / 1000).toFixed(3),
    'x-ratelimit-reset-after': (afterMs / 1000).toFixed(3),
    'x-ratelimit-bucket': CHANNEL_MESSAGES_BUCKET,
  };
}

function serverError(status: 500 | 502, headers: Record<string, string>): Refusal {
  return { status, body: { message: status === 500 ? '500: Internal Server Error' : '502: Bad Gateway', code: 0 }, headers };
}
