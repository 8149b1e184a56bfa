/**
 * The outbox's consumer: claims due rows, sends them through the platform's messenger, and writes
 * every outcome back into the row. Nothing about a delivery lives only in memory: a retry's time,
 * the parts already sent and the reason of a failure are in the row, so a restart (or another
 * instance, once this one's lease lapses) continues exactly where this one stopped.
 *
 * Rows are claimed in batches up to a per-platform number in flight; the messengers pace the sends
 * (Telegram's pacer, discord.js's REST queue), so many chats are served in parallel at the limit.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { destinationKey } from '../../core/ports.js';
import { noMetrics } from '../../core/ports.js';
import type { Clock, DeliveryOutcome, Logger, Metrics, OutboxEntry, OutboxRow, OutboxStatus, Platform, Store } from '../../core/ports.js';
import { describeError } from '../../commands/dispatch.js';
import type { Reply } from '../../commands/reply.js';
import type { Messenger, SendFailure } from '../messenger.js';
import { createCallRecorder } from './calls.js';
import { moveDestination, retireDestination } from './destinations.js';
import { createPayloadReader } from './payloads.js';
import { retryDelayMs } from './policy.js';

export interface SenderOptions {
  store: Store;
  messengers: Partial<Record<Platform, Messenger>>;
  clock: Clock;
  logger: Logger;
  /** This process's name on the rows it claims. */
  owner?: string;
  /** How long a claim holds a row before another sender may take it over. */
  leaseMs?: number;
  /** Rows in flight per platform: enough to keep the platform's pacing busy, few enough to send within the lease. */
  inFlight?: Partial<Record<Platform, number>>;
  /** The longest the sender sleeps before looking at the outbox again when nothing wakes it. */
  idleMs?: number;
  random?: () => number;
  /**
   * Multiplies the backoff after a 5xx or a timeout (not a 429's retry_after, which the platform
   * sets): 1 in production; the broadcast benchmark compresses time by its factor and sets 1/factor.
   */
  backoffScale?: number;
  /** Counts every attempt's outcome by platform and kind. */
  metrics?: Metrics;
}

export type Outcome = DeliveryOutcome;
export type DeliveryReport = Record<Outcome, string[]>;

export interface Sender {
  readonly owner: string;
  /** Sends continuously until stop(). */
  start(): void;
  /** Something was enqueued: look now rather than at the next idle poll. */
  wake(): void;
  /** Stops claiming, lets sends in flight finish and be recorded (at most `timeoutMs`), releases the rest. */
  stop(timeoutMs?: number): Promise<void>;
  /** Tests and one-shot runs: sends everything due at `now`, judging time by `now` alone. */
  drain(now?: number): Promise<DeliveryReport>;
}

const entryOf = ({ destination, kind, slot, payloads, silent, priority, dueAt, expiresAt }: OutboxRow): OutboxEntry => ({
  destination,
  kind,
  slot,
  payloads,
  silent,
  priority,
  dueAt,
  expiresAt,
});

const DEFAULT_IN_FLIGHT: Record<Platform, number> = { telegram: 100, discord: 50, console: 1 };

export function createSender(o: SenderOptions): Sender {
  const { store, logger, clock } = o;
  const outbox = store.outbox;
  const owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = o.leaseMs ?? 60_000;
  const idleMs = o.idleMs ?? 1_000;
  const random = o.random ?? Math.random;
  const platforms = (Object.keys(o.messengers) as Platform[]).filter((p) => o.messengers[p]);
  const cap = (p: Platform) => o.inFlight?.[p] ?? DEFAULT_IN_FLIGHT[p];
  const read = createPayloadReader(outbox);
  const recordCalls = createCallRecorder(store.calls, logger);
  const metrics = o.metrics ?? noMetrics;
  const active: Record<Platform, number> = { telegram: 0, discord: 0, console: 0 };
  const inflight = new Set<Promise<unknown>>();
  let stopping = false;
  let loop: Promise<void> | null = null;
  let signal: () => void = () => {};
  let signalled = false;

  async function deliver(row: OutboxRow, now: () => number): Promise<Outcome> {
    const chat = destinationKey(row.destination);
    const finish = async (status: Exclude<OutboxStatus, 'pending'>, detail: string | null, outcome: Outcome): Promise<Outcome> => {
      const held = await outbox.finish(row.key, owner, status, detail, now());
      return held ? outcome : 'cancelled';
    };
    if (now() > row.expiresAt) return expire(row, row.detail ?? 'no attempt succeeded in time', now, finish);
    const messenger = o.messengers[row.destination.platform]!;
    const replies = await Promise.all(row.payloads.map(read));
    if (replies.some((r) => r === null)) {
      logger.error('outbox: a row names a payload that is not stored', { chat, key: row.key });
      return finish('failed', 'payload missing', 'failed');
    }
    let sent = row.partsSent;
    const ids = [...row.messageIds];
    let offset = 0;
    for (const [i, reply] of replies.entries()) {
      const parts = messenger.parts(reply!);
      if (sent >= offset + parts) {
        offset += parts;
        continue; // went out before a restart
      }
      const base = offset;
      const outcome = await messenger.send(row.destination, reply!, {
        fromPart: sent - base,
        silent: row.silent,
        idempotencyKey: `${row.key}#${i}`,
        priority: 'broadcast',
        onPart: async (partsSent, id) => {
          sent = base + partsSent;
          if (id) ids.push(id);
          return outbox.progress(row.key, owner, { partsSent: sent, messageIds: ids, now: now() });
        },
      });
      if (!outcome.ok) return failed(row, outcome, sent, now, finish);
      offset += parts;
    }
    logger.debug('outbox: delivered', { chat, key: row.key, parts: sent });
    const outcome = await finish('sent', null, 'sent');
    // The first delivery of a brief or an alert publishes its call (/track); later ones find it recorded.
    if (outcome === 'sent') await recordCalls(row, replies as Reply[], now());
    return outcome;
  }

  type Finish = (status: Exclude<OutboxStatus, 'pending'>, detail: string | null, outcome: Outcome) => Promise<Outcome>;

  async function expire(row: OutboxRow, last: string, now: () => number, finish: Finish): Promise<Outcome> {
    const chat = destinationKey(row.destination);
    if (row.kind === 'alert') {
      logger.warn('outbox: alert went stale before it could be sent', { chat, key: row.key, last });
      return finish('stale', `stale: not delivered within its window (last: ${last})`, 'stale');
    }
    logger.warn('outbox: brief given up at the end of its grace window', { chat, key: row.key, last });
    return finish('failed', `gave up at the end of the grace window (last: ${last})`, 'failed');
  }

  async function failed(row: OutboxRow, f: SendFailure, partsSent: number, now: () => number, finish: Finish): Promise<Outcome> {
    const chat = destinationKey(row.destination);
    const progress = partsSent > 0 ? ` (after ${partsSent} ${partsSent === 1 ? 'part' : 'parts'} went out)` : '';
    switch (f.kind) {
      case 'cancelled':
        return 'cancelled';
      case 'gone': {
        logger.warn('outbox: the chat is gone, retiring it', { chat, key: row.key, detail: f.detail });
        const outcome = await finish('failed', `gone: ${f.detail}${progress}`, 'failed');
        await retireDestination(store, row.destination, now(), f.detail);
        return outcome;
      }
      case 'moved': {
        logger.info('outbox: the chat moved, sending to its new id', { chat, key: row.key, movedTo: destinationKey(f.movedTo) });
        // The new row first: whatever happens next, the message is not lost.
        await outbox.enqueue([{ ...entryOf(row), destination: f.movedTo }], now());
        const outcome = await finish('moved', `moved to ${destinationKey(f.movedTo)}${progress}`, 'moved');
        await moveDestination(store, row.destination, f.movedTo, now());
        return outcome;
      }
      case 'retry': {
        const attempts = row.attempts + 1;
        const wait = retryDelayMs(f, attempts, random);
        const at = now() + (f.retryAfterMs === undefined ? wait * (o.backoffScale ?? 1) : wait);
        const detail = `${f.detail}${progress}`;
        if (at > row.expiresAt) return expire(row, detail, now, finish);
        logger.debug('outbox: will retry', { chat, key: row.key, attempts, at: new Date(at).toISOString(), detail });
        return (await outbox.retryLater(row.key, owner, { nextAttemptAt: at, attempts, detail, now: now() })) ? 'retrying' : 'cancelled';
      }
      case 'failed':
        logger.error('outbox: not delivered', { chat, key: row.key, detail: f.detail });
        return finish('failed', `${f.detail}${progress}`, 'failed');
    }
  }

  const safely = (row: OutboxRow, now: () => number) =>
    deliver(row, now)
      .catch((err: unknown): Outcome => {
        // The row keeps its claim until the lease lapses; then it is tried again.
        logger.error('outbox: delivery crashed', { chat: destinationKey(row.destination), key: row.key, err: describeError(err) });
        return 'retrying';
      })
      .then((outcome) => {
        metrics.delivery(row.destination.platform, row.kind, outcome);
        return outcome;
      });

  function launch(row: OutboxRow): void {
    const p = row.destination.platform;
    active[p]++;
    const t: Promise<unknown> = safely(row, () => clock.now()).finally(() => {
      active[p]--;
      inflight.delete(t);
      wake();
    });
    inflight.add(t);
  }

  /** Claims for every platform with at least half its capacity free; 'full' when none had room. */
  async function fill(): Promise<number | 'full'> {
    let claimed = 0;
    let room = false;
    for (const p of platforms) {
      const free = cap(p) - active[p];
      if (free <= 0 || (active[p] > 0 && free < cap(p) / 2)) continue;
      room = true;
      const rows = await outbox.claim({ owner, now: clock.now(), leaseMs, limit: free, platforms: [p] });
      for (const row of rows) launch(row);
      claimed += rows.length;
    }
    return room ? claimed : 'full';
  }

  function wake(): void {
    signalled = true;
    signal();
  }

  function sleep(ms: number): Promise<void> {
    if (signalled) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      signal = done;
      function done() {
        clearTimeout(timer);
        signal = () => {};
        resolve();
      }
    });
  }

  async function run(): Promise<void> {
    while (!stopping) {
      signalled = false;
      try {
        const claimed = await fill();
        if (claimed === 'full') await sleep(idleMs);
        else if (claimed === 0) {
          const next = await outbox.nextDueAt(platforms);
          const wait = next === null ? idleMs : next - clock.now();
          // A due row nobody could claim is held by a live lease (ours in flight, or another sender's).
          await sleep(Math.min(idleMs, wait <= 0 ? idleMs / 4 : wait));
        }
      } catch (err) {
        logger.error('outbox: could not claim', { err: describeError(err) });
        await sleep(idleMs);
      }
    }
  }

  return {
    owner,
    start() {
      loop ??= run();
    },
    wake,
    async stop(timeoutMs = 10_000) {
      stopping = true;
      wake();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs)));
      const late = await Promise.race([Promise.allSettled([...inflight, loop]).then(() => false), timedOut]);
      clearTimeout(timer);
      if (late) logger.warn('outbox: sends still in flight at shutdown; they will be retried', { inFlight: inflight.size });
      await outbox.releaseClaims(owner).catch((err: unknown) => logger.warn('outbox: could not release claims', { err: describeError(err) }));
    },
    async drain(at = clock.now()) {
      const report: DeliveryReport = { sent: [], retrying: [], failed: [], stale: [], moved: [], cancelled: [] };
      for (;;) {
        const rows = await outbox.claim({ owner, now: at, leaseMs, limit: 1_000, platforms });
        if (rows.length === 0) return report;
        const outcomes = await Promise.all(rows.map((row) => safely(row, () => at)));
        rows.forEach((row, i) => report[outcomes[i]!].push(row.key));
      }
    },
  };
}
