/**
 * The database shape seen by Kysely. Chat ids are text: Telegram ids reach 52 bits and must
 * round-trip exactly. Epoch-millisecond columns are BIGINT, which `pg` returns as strings, so their
 * select type admits both and the store converts with Number(). Lists and objects are JSON text.
 */
import type { ColumnType } from 'kysely';

type Millis = ColumnType<number | string | bigint, number, number>;
type NullableMillis = ColumnType<number | string | bigint | null, number | null, number | null>;

export interface HistoryTable {
  venue: string;
  asset: string;
  series: string;
  day: string; // YYYY-MM-DD; text sorts chronologically
  value: number;
}

export interface BriefTable {
  platform: string;
  chat_id: string;
  time: string;
  timezone: string;
  assets: string; // JSON array of asset symbols
  created_at: Millis;
}

/** A row here means alerts are on for that chat: insert/delete make setAlerts race-free. */
export interface AlertTable {
  platform: string;
  chat_id: string;
  assets: string | null; // JSON array; null on rows from before alerts took assets
  levels: string | null; // JSON of the kinds the chat changed; the others are DEFAULT_LEVELS
  updated_at: Millis;
}

export interface OutboxTable {
  key: string;
  platform: string;
  chat_id: string;
  kind: string;
  slot: string;
  payloads: string; // JSON array of payload keys
  silent: number; // 0 | 1
  priority: number;
  due_at: Millis;
  expires_at: Millis;
  status: string;
  attempts: number;
  next_attempt_at: Millis;
  parts_sent: number;
  message_ids: string; // JSON array
  detail: string | null;
  claimed_by: string | null;
  lease_until: NullableMillis;
  created_at: Millis;
  updated_at: Millis;
}

export interface PayloadTable {
  key: string;
  body: string;
  created_at: Millis;
}

export interface MediaTable {
  platform: string;
  cache_key: string;
  media_id: string;
  updated_at: Millis;
}

export interface AlertStateTable {
  asset: string;
  state: string; // JSON AlertState
  updated_at: Millis;
}

export interface AlertMarkTable {
  platform: string;
  chat_id: string;
  asset: string;
  kind: string;
  at: Millis;
}

export interface LeaseTable {
  name: string;
  holder: string;
  expires_at: Millis;
}

export interface InstanceTable {
  holder: string;
  seen_at: Millis;
}

export interface SharedValueTable {
  key: string;
  value: string;
  created_at: Millis;
}

/** A published call (/track): one row per call, written at its first delivery. */
export interface CallTable {
  key: string;
  kind: string;
  asset: string;
  published_at: Millis;
  day: string;
  label: string;
  score: number;
  confidence: number | null;
  cases: number;
  basis: number | null;
  spot: number;
}

export interface Database {
  history: HistoryTable;
  brief_subscriptions: BriefTable;
  alert_subscriptions: AlertTable;
  outbox: OutboxTable;
  outbox_payloads: PayloadTable;
  media_cache: MediaTable;
  alert_state: AlertStateTable;
  alert_marks: AlertMarkTable;
  leases: LeaseTable;
  shared_values: SharedValueTable;
  instances: InstanceTable;
  calls: CallTable;
}

/** The tables keyed by chat, each with (platform, chat_id): one destination filter serves them all. */
export type ChatTable = 'brief_subscriptions' | 'alert_subscriptions' | 'outbox' | 'alert_marks';
