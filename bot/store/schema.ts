/**
 * The database shape seen by Kysely. Chat ids are text: Telegram ids reach 52 bits and must
 * round-trip exactly. Epoch-millisecond columns are BIGINT, which `pg` returns as strings, so their
 * select type admits both and the store converts with Number().
 */
import type { ColumnType } from 'kysely';

type Millis = ColumnType<number | string | bigint, number, number>;

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
  updated_at: Millis;
}

export interface DeliveryTable {
  key: string;
  platform: string;
  chat_id: string;
  status: string;
  due_at: Millis;
  updated_at: Millis;
  detail: string | null;
}

export interface Database {
  history: HistoryTable;
  brief_subscriptions: BriefTable;
  alert_subscriptions: AlertTable;
  deliveries: DeliveryTable;
}
