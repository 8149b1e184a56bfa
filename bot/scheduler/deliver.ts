/**
 * Delivering one claimed brief to one chat, and turning the messenger's outcome into ledger and
 * subscription changes. A brief for several assets is one message per asset (each with its own
 * chart) under one ledger key; `next` remembers how far a deferred delivery got, so a retry does not
 * repeat the assets that already went out.
 */
import { destinationKey } from '../../core/ports.js';
import type { Destination, Logger, Platform, Store } from '../../core/ports.js';
import { briefKey } from '../../core/schedule.js';
import { describeError } from '../../commands/dispatch.js';
import type { Reply } from '../../commands/reply.js';
import type { Messenger, SendOutcome } from '../messenger.js';

export interface BriefJob {
  key: string; // the claimed ledger row
  day: string; // the subscription's local date, to key the row again if the chat moves
  destination: Destination;
  dueAt: number;
  assets: string[];
  replies: Reply[] | null; // null until produced (a brief re-sent after a restart)
  next: number; // index of the first reply not yet delivered
}

export type Delivered =
  | { status: 'sent' | 'failed'; key: string }
  | { status: 'retrying'; key: string; job: BriefJob; retryAfterMs: number | undefined };

export interface DeliveryDeps {
  store: Store;
  messengers: Partial<Record<Platform, Messenger>>;
  logger: Logger;
  graceMs: number;
}

async function sendFrom(messenger: Messenger, dest: Destination, replies: Reply[], from: number) {
  for (let i = from; i < replies.length; i++) {
    let outcome: SendOutcome;
    try {
      outcome = await messenger.send(dest, replies[i]!);
    } catch (err) {
      // A messenger should map its errors; one that throws has a bug, and retrying a bug repeats it.
      outcome = { ok: false, kind: 'failed', detail: `send threw ${describeError(err)}` };
    }
    if (!outcome.ok) return { outcome, next: i };
  }
  return { outcome: { ok: true } as SendOutcome, next: replies.length };
}

export function createDelivery({ store, messengers, logger, graceMs }: DeliveryDeps) {
  const fail = async (job: BriefJob, now: number, detail: string): Promise<Delivered> => {
    await store.finishDelivery(job.key, 'failed', now, detail);
    return { status: 'failed', key: job.key };
  };

  async function run(job: BriefJob & { replies: Reply[] }, now: number, mayFollowMove = true): Promise<Delivered> {
    const chat = destinationKey(job.destination);
    const messenger = messengers[job.destination.platform];
    if (!messenger) {
      logger.warn('brief not sent: no messenger for this platform', { chat, key: job.key });
      return fail(job, now, `no ${job.destination.platform} messenger is running`);
    }
    const { outcome, next } = await sendFrom(messenger, job.destination, job.replies, job.next);
    if (outcome.ok) {
      await store.finishDelivery(job.key, 'sent', now);
      logger.info('brief sent', { chat, key: job.key, messages: job.replies.length - job.next });
      return { status: 'sent', key: job.key };
    }
    const progress = next > 0 ? ` (after ${next} of ${job.replies.length} messages)` : '';
    const fields = { chat, key: job.key, kind: outcome.kind, detail: outcome.detail + progress };
    switch (outcome.kind) {
      case 'gone':
        logger.warn('brief not delivered: the chat is gone, retiring it', fields);
        await store.retireDestination(job.destination);
        return fail(job, now, `gone: ${outcome.detail}${progress}`);
      case 'moved': {
        const to = outcome.movedTo;
        if (!mayFollowMove) {
          logger.error('brief not delivered: the chat moved twice in one delivery', fields);
          return fail(job, now, `moved again to ${destinationKey(to)}${progress}`);
        }
        logger.info('brief: the chat moved, sending again to its new id', { ...fields, movedTo: destinationKey(to) });
        await store.moveDestination(job.destination, to);
        await store.finishDelivery(job.key, 'failed', now, `moved to ${destinationKey(to)}${progress}`);
        // The new id gets its own row: without it the next tick would find the moved subscription
        // with no row for today and send the brief a second time.
        const moved = { ...job, key: briefKey(to, job.day), destination: to, next };
        if (!(await store.claimDelivery({ key: moved.key, destination: to, dueAt: job.dueAt, updatedAt: now }))) {
          return { status: 'failed', key: job.key }; // the new id already has today's brief
        }
        return run(moved, now, false);
      }
      case 'retry': {
        const retryAt = now + (outcome.retryAfterMs ?? 0);
        if (retryAt > job.dueAt + graceMs) {
          logger.warn('brief not delivered: still failing at the end of the grace window', fields);
          return fail(job, now, `gave up retrying: ${outcome.detail}${progress}`);
        }
        logger.warn('brief deferred, will retry on a later tick', { ...fields, retryAfterMs: outcome.retryAfterMs });
        return { status: 'retrying', key: job.key, job: { ...job, next }, retryAfterMs: outcome.retryAfterMs };
      }
      case 'failed':
        logger.error('brief not delivered', fields);
        return fail(job, now, `${outcome.detail}${progress}`);
    }
  }

  return { run, fail };
}
