/**
 * The daily-brief scheduler. Cron only wakes it; the delivery ledger decides. A brief is due when
 * its local time has passed and the ledger has no row for (chat, local date); the row is claimed
 * (a unique insert) before sending, so repeated or overlapping ticks and a second process on the
 * same store cannot send it twice. Due briefs older than the grace window are recorded as
 * skipped-late instead of being sent hours late.
 *
 * The one duplicate we accept: a row still `pending` at start means the last run died mid-send,
 * and the send may or may not have reached the chat (neither platform can tell us). `catchUp`
 * re-sends it if still within grace — a duplicate is better than a missed brief.
 */
import { destinationKey } from '../../core/ports.js';
import type { BriefSubscription, Clock, Logger, Platform, Store } from '../../core/ports.js';
import { briefKey, briefKeyDay } from '../../core/schedule.js';
import { describeError } from '../../commands/dispatch.js';
import type { Reply } from '../../commands/reply.js';
import type { Messenger } from '../messenger.js';
import { createDelivery, type BriefJob, type Delivered } from './deliver.js';
import { createDueCalendar } from './due.js';
import { createBriefSource, type BriefSource } from './produce.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface BriefSchedulerDeps {
  store: Store;
  messengers: Partial<Record<Platform, Messenger>>;
  /** The /brief note with its chart, for one asset at `now`. */
  produceBrief: (asset: string, now: number) => Promise<Reply>;
  clock: Clock;
  logger: Logger;
  graceMinutes?: number; // default 120 (BRIEF_GRACE_MINUTES)
}

/** What one tick did, by ledger key. */
export interface TickReport {
  at: number;
  busy: boolean; // the previous tick was still running, so this one did nothing
  sent: string[];
  skippedLate: string[];
  failed: string[];
  retrying: string[];
  deferred: string[]; // due but left unclaimed: brief not producible, platform paused or absent
}

export interface BriefScheduler {
  tick(now?: number): Promise<TickReport>;
  catchUp(now?: number): Promise<TickReport>;
}

export function createBriefScheduler(deps: BriefSchedulerDeps): BriefScheduler {
  const { store, logger, clock } = deps;
  const graceMs = (deps.graceMinutes ?? 120) * MINUTE;
  const calendar = createDueCalendar(Math.max(36 * HOUR, graceMs + HOUR));
  const delivery = createDelivery({ store, messengers: deps.messengers, logger, graceMs });
  const retries = new Map<string, { job: BriefJob; notBefore: number }>();
  const pausedUntil = new Map<Platform, number>(); // a 429's retry-after holds the whole platform
  let settled = new Set<string>(); // keys finished in the ledger: no need to ask the store again
  let settledDay = NaN;
  let running = false;

  const paused = (p: Platform, now: number) => (pausedUntil.get(p) ?? 0) > now;

  function record(report: TickReport, d: Delivered, now: number): void {
    if (d.status === 'retrying') {
      report.retrying.push(d.key);
      retries.set(d.key, { job: d.job, notBefore: now + (d.retryAfterMs ?? 0) });
      if (d.retryAfterMs) pausedUntil.set(d.job.destination.platform, now + d.retryAfterMs);
      return;
    }
    settled.add(d.key);
    (d.status === 'sent' ? report.sent : report.failed).push(d.key);
  }

  async function runJob(job: BriefJob, now: number, report: TickReport, briefs: BriefSource) {
    const replies = job.replies ?? (await briefs(job.assets));
    if (!replies) {
      report.deferred.push(job.key);
      retries.set(job.key, { job, notBefore: now }); // still claimed: try on the next tick
      return;
    }
    record(report, await delivery.run({ ...job, replies }, now), now);
  }

  async function considerDue(sub: BriefSubscription, day: string, dueAt: number, now: number, report: TickReport, briefs: BriefSource) {
    const key = briefKey(sub.destination, day);
    if (settled.has(key) || retries.has(key)) return;
    const row = await store.getDelivery(key);
    if (row) {
      if (row.status !== 'pending') settled.add(key); // pending: in flight here or elsewhere
      return;
    }
    const claim = { key, destination: sub.destination, dueAt, updatedAt: now };
    if (now - dueAt > graceMs) {
      if (await store.claimDelivery(claim)) {
        const detail = `due ${new Date(dueAt).toISOString()}, more than ${graceMs / MINUTE} minutes ago`;
        await store.finishDelivery(key, 'skipped-late', now, detail);
        report.skippedLate.push(key);
      }
      settled.add(key);
      return;
    }
    const platform = sub.destination.platform;
    if (!deps.messengers[platform] || paused(platform, now) || sub.assets.length === 0) {
      report.deferred.push(key);
      return;
    }
    // Produce before claiming: if the market is unreachable the row stays free for the next tick.
    const replies = await briefs(sub.assets);
    if (!replies) return void report.deferred.push(key);
    if (!(await store.claimDelivery(claim))) return;
    record(report, await delivery.run({ key, day, destination: sub.destination, dueAt, assets: sub.assets, replies, next: 0 }, now), now);
  }

  async function duePass(now: number, report: TickReport, briefs: BriefSource) {
    const utcDay = Math.floor(now / (24 * HOUR));
    if (utcDay !== settledDay) {
      [settled, settledDay] = [new Set(), utcDay];
      calendar.prune(now);
    }
    const dueDays = calendar.at(now);
    for (const sub of await store.listBriefs()) {
      for (const { day, dueAt } of dueDays(sub)) {
        try {
          await considerDue(sub, day, dueAt, now, report, briefs);
        } catch (err) {
          logger.error('brief: could not process a due delivery', { chat: destinationKey(sub.destination), day, err: describeError(err) });
        }
      }
    }
  }

  async function retryPass(now: number, report: TickReport, briefs: BriefSource) {
    if (retries.size === 0) return;
    const subscribed = new Set((await store.listBriefs()).map((s) => destinationKey(s.destination)));
    for (const [key, { job, notBefore }] of [...retries]) {
      if (notBefore > now || paused(job.destination.platform, now)) continue;
      retries.delete(key);
      try {
        if (now - job.dueAt > graceMs) record(report, await delivery.fail(job, now, 'still undelivered at the end of the grace window'), now);
        else if (!subscribed.has(destinationKey(job.destination))) record(report, await delivery.fail(job, now, 'the chat unsubscribed before the retry'), now);
        else await runJob(job, now, report, briefs);
      } catch (err) {
        logger.error('brief: retry failed', { chat: destinationKey(job.destination), key, err: describeError(err) });
      }
    }
  }

  /** Rows left `pending` by a run that died mid-send: re-send within grace (maybe a duplicate). */
  async function recoverPass(now: number, report: TickReport, briefs: BriefSource) {
    const subs = new Map((await store.listBriefs()).map((s) => [destinationKey(s.destination), s]));
    for (const row of await store.listDeliveries('pending')) {
      if (retries.has(row.key)) continue; // ours, deferred: the retry pass owns it
      const chat = destinationKey(row.destination);
      const job: BriefJob = { key: row.key, day: briefKeyDay(row.key), destination: row.destination, dueAt: row.dueAt, assets: [], replies: null, next: 0 };
      try {
        const sub = subs.get(chat);
        if (now - row.dueAt > graceMs) {
          record(report, await delivery.fail(job, now, 'interrupted mid-send (delivery unknown) and now past the grace window'), now);
        } else if (!sub) {
          record(report, await delivery.fail(job, now, 'interrupted mid-send, and the chat has since unsubscribed'), now);
        } else {
          logger.warn('brief: re-sending a delivery interrupted by a restart; the chat may get it twice', { chat, key: row.key });
          await runJob({ ...job, assets: sub.assets }, now, report, briefs);
        }
      } catch (err) {
        logger.error('brief: could not recover a pending delivery', { chat, key: row.key, err: describeError(err) });
      }
    }
  }

  async function exclusive(now: number, passes: ((now: number, r: TickReport, b: BriefSource) => Promise<void>)[]) {
    const report: TickReport = { at: now, busy: running, sent: [], skippedLate: [], failed: [], retrying: [], deferred: [] };
    if (running) return report;
    running = true;
    try {
      const briefs = createBriefSource(deps.produceBrief, logger, now);
      for (const pass of passes) await pass(now, report, briefs);
    } catch (err) {
      logger.error('brief tick failed', { err: describeError(err) });
    } finally {
      running = false;
    }
    return report;
  }

  return {
    tick: (now = clock.now()) => exclusive(now, [retryPass, duePass]),
    catchUp: (now = clock.now()) => exclusive(now, [recoverPass, duePass]),
  };
}
