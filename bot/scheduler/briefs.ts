/**
 * The daily-brief scheduler: a producer for the outbox, never a sender. Cron only wakes it. A brief
 * is due when its local time has passed and the outbox has no row for (chat, local date); the row is
 * written (a unique insert) with the brief's payloads before anything is sent, so repeated or
 * overlapping ticks, a restart and a second process on the same store cannot queue it twice. A brief
 * due longer ago than the grace window is recorded skipped-late instead of being sent hours late.
 *
 * Each asset's brief is rendered once per tick (the "slot") and shared by every chat due in it.
 */
import type { Clock, Logger, OutboxEntry, Platform, Store } from '../../core/ports.js';
import { briefKey } from '../../core/schedule.js';
import { describeError } from '../../commands/dispatch.js';
import type { Reply } from '../../commands/reply.js';
import { publish, type Payload } from '../delivery/payloads.js';
import { PRIORITY } from '../delivery/policy.js';
import { createDueCalendar } from './due.js';
import { createBriefSource } from './produce.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const KEYS_PER_QUERY = 500;

export interface BriefSchedulerDeps {
  store: Store;
  /** Platforms that are running: a brief for another platform waits until it runs again (within grace). */
  platforms: readonly Platform[];
  /** The /brief note with its chart, for one asset at `now`. */
  produceBrief: (asset: string, now: number) => Promise<Reply>;
  clock: Clock;
  logger: Logger;
  graceMinutes?: number; // default 120 (BRIEF_GRACE_MINUTES)
  /** Called when rows were queued (wakes the sender). */
  onQueued?: () => void;
}

/** What one tick did, by outbox key. */
export interface TickReport {
  at: number;
  busy: boolean; // the previous tick was still running, so this one did nothing
  queued: string[];
  skippedLate: string[];
  deferred: string[]; // due but not queued: the brief could not be produced, or its platform is not running
}

export interface BriefScheduler {
  tick(now?: number): Promise<TickReport>;
}

export function createBriefScheduler(deps: BriefSchedulerDeps): BriefScheduler {
  const { store, logger, clock } = deps;
  const graceMs = (deps.graceMinutes ?? 120) * MINUTE;
  const calendar = createDueCalendar(Math.max(36 * HOUR, graceMs + HOUR));
  const running = new Set(deps.platforms);
  // Keys known to have a row: a long-running bot need not ask the store about them every minute.
  let settled = new Set<string>();
  let settledDay = NaN;
  let busy = false;

  async function rowsFor(keys: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      for (const k of await store.outbox.existing(keys.slice(i, i + KEYS_PER_QUERY))) found.add(k);
    }
    return found;
  }

  async function run(now: number, report: TickReport): Promise<void> {
    const utcDay = Math.floor(now / (24 * HOUR));
    if (utcDay !== settledDay) {
      [settled, settledDay] = [new Set(), utcDay];
      calendar.prune(now);
    }
    const dueDays = calendar.at(now);
    const due: { entry: OutboxEntry; key: string; assets: string[] }[] = [];
    for (const sub of await store.subscriptions.listBriefs()) {
      for (const { day, dueAt } of dueDays(sub)) {
        const key = briefKey(sub.destination, day);
        if (settled.has(key)) continue;
        const entry: OutboxEntry = { destination: sub.destination, kind: 'brief', slot: day, payloads: [], silent: false, priority: PRIORITY.brief, dueAt, expiresAt: dueAt + graceMs };
        due.push({ entry, key, assets: sub.assets });
      }
    }
    if (due.length === 0) return;
    const existing = await rowsFor(due.map((d) => d.key));
    for (const k of existing) settled.add(k);

    const late: OutboxEntry[] = [];
    const ready: OutboxEntry[] = [];
    const payloads = new Map<string, Payload>();
    const briefs = createBriefSource(deps.produceBrief, logger, now);
    const slot = new Date(Math.floor(now / MINUTE) * MINUTE).toISOString().slice(0, 16);
    for (const d of due) {
      if (existing.has(d.key)) continue;
      if (now - d.entry.dueAt > graceMs) {
        late.push(d.entry);
        continue;
      }
      if (!running.has(d.entry.destination.platform) || d.assets.length === 0) {
        report.deferred.push(d.key);
        continue;
      }
      const replies = await briefs(d.assets);
      if (!replies) {
        report.deferred.push(d.key); // the market is unreachable: the next tick tries again, within grace
        continue;
      }
      const keys = d.assets.map((asset, i) => {
        const key = `brief:${asset}:${slot}`;
        if (!payloads.has(key)) payloads.set(key, { key, reply: replies[i]! });
        return key;
      });
      ready.push({ ...d.entry, payloads: keys });
    }

    if (late.length) {
      const detail = `due more than ${graceMs / MINUTE} minutes before the bot could send it`;
      const inserted = await store.outbox.enqueue(late, now, { status: 'skipped-late', detail });
      report.skippedLate.push(...inserted);
      for (const e of late) settled.add(briefKey(e.destination, e.slot));
    }
    if (ready.length) {
      const inserted = await publish(store.outbox, [...payloads.values()], ready, now);
      report.queued.push(...inserted);
      for (const e of ready) settled.add(briefKey(e.destination, e.slot));
      if (inserted.length) {
        logger.info('briefs queued', { count: inserted.length, assets: [...new Set(ready.flatMap((e) => e.payloads))].length });
        deps.onQueued?.();
      }
    }
  }

  return {
    async tick(now = clock.now()) {
      const report: TickReport = { at: now, busy, queued: [], skippedLate: [], deferred: [] };
      if (busy) return report;
      busy = true;
      try {
        await run(now, report);
      } catch (err) {
        logger.error('brief tick failed', { err: describeError(err) });
      } finally {
        busy = false;
      }
      return report;
    },
  };
}
