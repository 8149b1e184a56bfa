/**
 * A database as release 0001 left it — brief ledger rows, an alert subscription without assets —
 * and what the store must make of it after migrating (sqlite.test.ts and postgres.test.ts build
 * the old database on their engine and call these).
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { DEFAULT_LEVELS } from '../../core/alerts/types.js';
import type { Store } from '../../core/ports.js';
import { INTERRUPTED_DETAIL } from '../../bot/store/migrations/0002_outbox_alerts.js';

const DAY = 86_400_000;
const DUE = Date.UTC(2026, 0, 15, 6, 30); // 07:30 in Berlin
const SUPERGROUP = '-1001234567890123';

const ledger = (key: string, status: string, detail: string | null, dueAt = DUE, chat = key.split(':')[2]!, platform = key.split(':')[1]!) => ({
  key,
  platform,
  chat_id: chat,
  status,
  due_at: dueAt,
  updated_at: dueAt + 1_000,
  detail,
});

/** Writes what 0001's code wrote. */
export async function writeRelease0001Rows(db: Kysely<any>): Promise<void> {
  await db
    .insertInto('deliveries')
    .values([
      ledger(`brief:telegram:${SUPERGROUP}:2026-01-14`, 'sent', null, DUE - DAY),
      ledger(`brief:telegram:${SUPERGROUP}:2026-01-15`, 'pending', null),
      ledger('brief:discord:42:2026-01-15', 'skipped-late', 'due 2026-01-15T06:30:00.000Z, more than 60 minutes ago'),
      ledger('brief:telegram:7:2026-01-15', 'failed', 'Forbidden: bot was blocked by the user'),
      // The group became the supergroup: 0001 moved its rows there but kept their keys.
      ledger('brief:telegram:-4012345678:2026-01-13', 'sent', null, DUE - 2 * DAY, SUPERGROUP),
      ledger('brief:telegram:-4012345678:2026-01-14', 'failed', `moved to telegram:${SUPERGROUP}`, DUE - DAY, SUPERGROUP),
    ])
    .execute();
  await db.insertInto('alert_subscriptions').values({ platform: 'telegram', chat_id: SUPERGROUP, updated_at: DUE - 3 * DAY }).execute();
}

export async function expectUpgraded(store: Store): Promise<void> {
  const rows = await store.outbox.list();
  expect(rows.map((r) => [r.key, r.status, r.detail]), 'every day served stays served, keyed by the chat the row belongs to').toEqual([
    [`brief:telegram:${SUPERGROUP}:2026-01-13`, 'sent', null],
    [`brief:telegram:${SUPERGROUP}:2026-01-14`, 'sent', null], // the row of the chat itself wins over the moved one
    ['brief:discord:42:2026-01-15', 'skipped-late', 'due 2026-01-15T06:30:00.000Z, more than 60 minutes ago'],
    // Interrupted mid-send by the old version: how much went out is unknown, so it is not sent again.
    [`brief:telegram:${SUPERGROUP}:2026-01-15`, 'failed', INTERRUPTED_DETAIL],
    ['brief:telegram:7:2026-01-15', 'failed', 'Forbidden: bot was blocked by the user'],
  ]);
  const interrupted = rows[3]!;
  expect(interrupted, 'a ledger row becomes a brief row with no payloads and no claim').toEqual({
    key: `brief:telegram:${SUPERGROUP}:2026-01-15`,
    destination: { platform: 'telegram', chatId: SUPERGROUP },
    kind: 'brief',
    slot: '2026-01-15',
    payloads: [],
    silent: false,
    priority: 10,
    dueAt: DUE,
    expiresAt: DUE,
    status: 'failed',
    attempts: 0,
    nextAttemptAt: DUE,
    partsSent: 0,
    messageIds: [],
    detail: INTERRUPTED_DETAIL,
    claimedBy: null,
    leaseUntil: null,
    createdAt: DUE + 1_000,
    updatedAt: DUE + 1_000,
  });
  expect(await store.outbox.claim({ owner: 'new', now: DUE + DAY, leaseMs: 60_000, limit: 10, platforms: ['telegram', 'discord'] }), 'nothing is resent').toEqual([]);
  expect(await store.outbox.enqueue([{ ...interrupted, payloads: ['p'] }], DUE), 'the scheduler finds today served').toEqual([]);
  expect(await store.subscriptions.listAlerts(), 'an old alert row: the default asset, every kind on').toEqual([
    { destination: { platform: 'telegram', chatId: SUPERGROUP }, assets: [], levels: DEFAULT_LEVELS, updatedAt: DUE - 3 * DAY },
  ]);
}
