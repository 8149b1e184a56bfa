/** What every SQL part is built from: the database and the one thing that differs by dialect. */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Destination } from '../../../core/ports.js';
import type { ChatTable, Database } from '../schema.js';

export interface SqlContext {
  db: Kysely<Database>;
  /** Postgres takes row locks (FOR UPDATE, SKIP LOCKED); SQLite has one writer at a time and rejects the syntax. */
  dialect: 'sqlite' | 'postgres';
}

export const whereDest = (d: Destination) => (eb: ExpressionBuilder<Database, ChatTable>) =>
  eb.and([eb('platform', '=', d.platform), eb('chat_id', '=', d.chatId)]);

/** Rows per INSERT: stays under SQLite's (32,766) and Postgres' (65,535) bound-parameter limits. */
export const HISTORY_BATCH = 500;
export const OUTBOX_BATCH = 200; // 20 columns a row
export const KEYS_BATCH = 1_000;
