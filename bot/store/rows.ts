/** Rows ↔ port types. BIGINT millis come back from `pg` as strings, hence Number(). */
import type { Selectable } from 'kysely';
import type { BriefSubscription, DeliveryRecord, DeliveryStatus, Platform } from '../../core/ports.js';
import type { Asset } from '../../core/types.js';
import type { BriefTable, DeliveryTable } from './schema.js';

export const toBrief = (r: Selectable<BriefTable>): BriefSubscription => ({
  destination: { platform: r.platform as Platform, chatId: r.chat_id },
  time: r.time,
  timezone: r.timezone,
  assets: JSON.parse(r.assets) as Asset[],
  createdAt: Number(r.created_at),
});

export const toRecord = (r: Selectable<DeliveryTable>): DeliveryRecord => ({
  key: r.key,
  destination: { platform: r.platform as Platform, chatId: r.chat_id },
  status: r.status as DeliveryStatus,
  dueAt: Number(r.due_at),
  updatedAt: Number(r.updated_at),
  detail: r.detail,
});

/** Rows a statement changed (Kysely reports bigint, or undefined when the driver cannot tell). */
export const affected = (n: bigint | undefined): number => Number(n ?? 0n);
