/** What both outbox implementations (SQL and memory) share: the claim order, new rows, the counts. */
import { destinationKey, outboxKey } from '../../core/ports.js';
import type { Destination, OutboxEntry, OutboxRow, OutboxStatus } from '../../core/ports.js';

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sent', 'failed', 'skipped-late', 'stale', 'moved', 'cancelled'];

export const emptyCounts = (): Record<OutboxStatus, number> =>
  Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Claim order: highest priority first; then a message already tried before an untried one (its
 * retry is due and it has waited longest — during a broadcast, retries interleave with the backlog
 * instead of all waiting for its end); then earliest attempt; then key (a stable tie-break).
 */
export const byClaimOrder = (a: OutboxRow, b: OutboxRow): number =>
  b.priority - a.priority || Math.sign(b.attempts) - Math.sign(a.attempts) || a.nextAttemptAt - b.nextAttemptAt || cmp(a.key, b.key);

/** `list` order: oldest due first. */
export const byDue = (a: OutboxRow, b: OutboxRow): number => a.dueAt - b.dueAt || cmp(a.key, b.key);

/** A row as enqueue writes it: pending and untried, or already ended (a brief skipped as late). */
export function newRow(e: OutboxEntry, now: number, ended?: { status: Exclude<OutboxStatus, 'pending'>; detail: string }): OutboxRow {
  return {
    ...e,
    destination: { ...e.destination },
    payloads: [...e.payloads],
    key: outboxKey(e),
    status: ended?.status ?? 'pending',
    attempts: 0,
    nextAttemptAt: e.dueAt,
    partsSent: 0,
    messageIds: [],
    detail: ended?.detail ?? null,
    claimedBy: null,
    leaseUntil: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Later rows with a key already seen are dropped: the first entry for a key is the one inserted. */
export function uniqueByKey(rows: OutboxRow[]): OutboxRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.key) && seen.add(r.key));
}

/** The same message for the chat's new id. */
export const rekeyed = (r: OutboxRow, to: Destination): { key: string; destination: Destination } => ({
  key: outboxKey({ kind: r.kind, destination: to, slot: r.slot }),
  destination: { ...to },
});

export const movedDetail = (to: Destination): string => `moved to ${destinationKey(to)}`;
