/** Rows ↔ port types. BIGINT millis (and counts) come back from `pg` as strings, hence Number(). */
import type { Insertable, Selectable } from 'kysely';
import type { AlertSubscription, BriefSubscription, Destination, OutboxKind, OutboxRow, OutboxStatus, Platform } from '../../core/ports.js';
import type { Asset } from '../../core/types.js';
import { fullLevels } from './levels.js';
import type { AlertTable, BriefTable, OutboxTable } from './schema.js';

const destinationOf = (r: { platform: string; chat_id: string }): Destination => ({ platform: r.platform as Platform, chatId: r.chat_id });

export const toBrief = (r: Selectable<BriefTable>): BriefSubscription => ({
  destination: destinationOf(r),
  time: r.time,
  timezone: r.timezone,
  assets: JSON.parse(r.assets) as Asset[],
  createdAt: Number(r.created_at),
});

export const toAlertSubscription = (r: Selectable<AlertTable>): AlertSubscription => ({
  destination: destinationOf(r),
  assets: r.assets === null ? [] : (JSON.parse(r.assets) as Asset[]),
  levels: fullLevels(r.levels === null ? null : (JSON.parse(r.levels) as Record<string, unknown>)),
  updatedAt: Number(r.updated_at),
});

export const toOutboxRow = (r: Selectable<OutboxTable>): OutboxRow => ({
  key: r.key,
  destination: destinationOf(r),
  kind: r.kind as OutboxKind,
  slot: r.slot,
  payloads: JSON.parse(r.payloads) as string[],
  silent: Number(r.silent) === 1,
  priority: Number(r.priority),
  dueAt: Number(r.due_at),
  expiresAt: Number(r.expires_at),
  status: r.status as OutboxStatus,
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  partsSent: Number(r.parts_sent),
  messageIds: JSON.parse(r.message_ids) as string[],
  detail: r.detail,
  claimedBy: r.claimed_by,
  leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** Rows a statement changed (Kysely reports bigint, or undefined when the driver cannot tell). */
export const affected = (n: bigint | undefined): number => Number(n ?? 0n);

/** Splits a list into chunks, to keep each statement under the drivers' bound-parameter limits. */
export function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** An outbox row as columns (enqueue, and the copies moveDestination makes). */
export const outboxColumns = (r: OutboxRow): Insertable<OutboxTable> => ({
  key: r.key,
  platform: r.destination.platform,
  chat_id: r.destination.chatId,
  kind: r.kind,
  slot: r.slot,
  payloads: JSON.stringify(r.payloads),
  silent: r.silent ? 1 : 0,
  priority: r.priority,
  due_at: r.dueAt,
  expires_at: r.expiresAt,
  status: r.status,
  attempts: r.attempts,
  next_attempt_at: r.nextAttemptAt,
  parts_sent: r.partsSent,
  message_ids: JSON.stringify(r.messageIds),
  detail: r.detail,
  claimed_by: r.claimedBy,
  lease_until: r.leaseUntil,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});
