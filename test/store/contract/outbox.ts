/** OutboxStore, the queue: rows written once per key, claimed under a lease, ended by their holder. */
import { describe, expect, it } from 'vitest';
import { outboxKey } from '../../../core/ports.js';
import type { ClaimOptions, OutboxEntry } from '../../../core/ports.js';
import { MINUTE, SUPERGROUP, T0, alertEntry, briefEntry, discord, tg, useStore } from './harness.js';
import type { StoreFactory } from './harness.js';

const LEASE = 5 * MINUTE;
const claimAt = (now: number, o: Partial<ClaimOptions> = {}): ClaimOptions => ({ owner: 'A', now, leaseMs: LEASE, limit: 100, platforms: ['telegram', 'discord'], ...o });
const keys = (rows: { key: string }[]) => rows.map((r) => r.key);

export function outboxQueueContract(name: string, factory: StoreFactory): void {
  describe(`OutboxStore queue contract: ${name}`, () => {
    const t = useStore(factory);
    const outbox = () => t.store.outbox;

    it('enqueues a new key as a pending, untried row, and leaves an existing key as it was', async () => {
      const entry = briefEntry(tg(SUPERGROUP), '2026-01-15');
      const key = outboxKey(entry);
      expect(key, 'keys name kind, chat and slot').toBe(`brief:telegram:${SUPERGROUP}:2026-01-15`);
      expect(await outbox().enqueue([entry, entry], T0 - MINUTE), 'a key repeated in one call is inserted once').toEqual([key]);
      expect(await outbox().get(key)).toEqual({
        ...entry,
        key,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: T0,
        partsSent: 0,
        messageIds: [],
        detail: null,
        claimedBy: null,
        leaseUntil: null,
        createdAt: T0 - MINUTE,
        updatedAt: T0 - MINUTE,
      });
      expect(await outbox().enqueue([{ ...entry, priority: 99, payloads: ['other'] }], T0), 'a producer re-running the same slot inserts nothing').toEqual([]);
      expect((await outbox().get(key))?.priority, 'the first row stands').toBe(10);
      expect(await outbox().get('brief:telegram:1:2000-01-01'), 'unknown key').toBeNull();
    });

    it('enqueues rows already ended (a brief skipped as late), which are never claimed', async () => {
      const entry = briefEntry(tg('1'), '2026-01-14', T0 - 24 * 60 * MINUTE);
      const detail = 'due 2026-01-14T07:00:00.000Z, more than 60 minutes ago';
      expect(await outbox().enqueue([entry], T0, { status: 'skipped-late', detail })).toEqual([outboxKey(entry)]);
      expect(await outbox().get(outboxKey(entry))).toMatchObject({ status: 'skipped-late', detail, attempts: 0 });
      expect(await outbox().claim(claimAt(T0)), 'an ended row is not sent').toEqual([]);
      expect(await outbox().enqueue([entry], T0), 'and its key still blocks a pending row').toEqual([]);
    });

    it('enqueues and looks up thousands of rows in one call (chunked under the drivers’ parameter limits)', async () => {
      const entries = Array.from({ length: 2_500 }, (_, i) => briefEntry(tg(String(-1_000_000_000_000 - i)), '2026-01-15'));
      expect(await outbox().enqueue(entries, T0), 'every row is new').toHaveLength(2_500);
      const asked = [...entries.map(outboxKey), 'brief:telegram:nobody:2026-01-15'];
      const found = await outbox().existing(asked);
      expect(found.size, 'every enqueued key, and not the unknown one').toBe(2_500);
      expect(found.has('brief:telegram:nobody:2026-01-15')).toBe(false);
      expect(await outbox().existing([]), 'nothing asked, nothing found').toEqual(new Set());
    });

    it('lists rows oldest due first, filtered by status, kind and chat', async () => {
      await outbox().enqueue([briefEntry(tg('1'), 'b', T0 + 2), alertEntry(tg('1'), 'BTC#1', T0 + 1), briefEntry(discord('1'), 'a', T0)], T0);
      expect(keys(await outbox().list()), 'all rows, by due time').toEqual(['brief:discord:1:a', 'alert:telegram:1:BTC#1', 'brief:telegram:1:b']);
      expect(keys(await outbox().list({ kind: 'brief' }))).toEqual(['brief:discord:1:a', 'brief:telegram:1:b']);
      expect(keys(await outbox().list({ destination: tg('1'), kind: 'alert' }))).toEqual(['alert:telegram:1:BTC#1']);
      expect(await outbox().list({ status: 'sent' })).toEqual([]);
    });

    it('claims due rows highest priority first, then earliest due, only on the platforms asked, up to the limit', async () => {
      await outbox().enqueue(
        [
          briefEntry(tg('1'), 'early', T0 - 10 * MINUTE),
          briefEntry(tg('2'), 'late', T0 - MINUTE),
          alertEntry(tg('3'), 'BTC#1', T0 - MINUTE),
          alertEntry(tg('4'), 'BTC#2', T0 - 5 * MINUTE, true),
          briefEntry(tg('5'), 'future', T0 + MINUTE),
          briefEntry(discord('6'), 'elsewhere', T0 - 60 * MINUTE),
        ],
        T0 - 60 * MINUTE,
      );
      const first = await outbox().claim(claimAt(T0, { limit: 3, platforms: ['telegram'] }));
      expect(keys(first), 'alerts (priority 20) before briefs (10); within a priority, the earliest due').toEqual([
        'alert:telegram:4:BTC#2',
        'alert:telegram:3:BTC#1',
        'brief:telegram:1:early',
      ]);
      expect(first.map((r) => [r.claimedBy, r.leaseUntil]), 'claimed rows come back held').toEqual(Array(3).fill(['A', T0 + LEASE]));
      expect(first[0]?.silent, 'a silent alert stays silent').toBe(true);
      const rest = await outbox().claim(claimAt(T0, { owner: 'B', platforms: ['telegram'] }));
      expect(keys(rest), 'held rows are passed over; a row not yet due and the discord row stay').toEqual(['brief:telegram:2:late']);
      expect(await outbox().claim(claimAt(T0, { platforms: [] })), 'no platform, no rows').toEqual([]);
    });

    it('within a priority, a row whose retry is due goes before untried rows, however much earlier they were due', async () => {
      const [retried] = await outbox().enqueue([briefEntry(tg('1'), 'retried', T0 - 10 * MINUTE)], T0 - 10 * MINUTE);
      await outbox().claim(claimAt(T0 - 10 * MINUTE));
      await outbox().retryLater(retried!, 'A', { nextAttemptAt: T0, attempts: 1, detail: '502: Bad Gateway', now: T0 - 9 * MINUTE });
      await outbox().enqueue([briefEntry(tg('2'), 'fresh', T0 - 8 * MINUTE), briefEntry(tg('3'), 'fresh', T0 - 7 * MINUTE)], T0 - 8 * MINUTE);
      const claimed = await outbox().claim(claimAt(T0, { limit: 2 }));
      expect(keys(claimed), 'the retry interleaves with a broadcast backlog instead of waiting for its end').toEqual(['brief:telegram:1:retried', 'brief:telegram:2:fresh']);
    });

    it('lets another owner take a row once its lease lapses; the first owner then finds its claim lost', async () => {
      const key = (await outbox().enqueue([briefEntry(tg(SUPERGROUP), '2026-01-15')], T0))[0]!;
      expect(keys(await outbox().claim(claimAt(T0))), 'A claims').toEqual([key]);
      expect(await outbox().claim(claimAt(T0 + LEASE, { owner: 'B' })), 'the lease still holds at its last instant').toEqual([]);
      const taken = await outbox().claim(claimAt(T0 + LEASE + 1, { owner: 'B' }));
      expect(taken.map((r) => r.claimedBy), 'B takes over a lapsed lease').toEqual(['B']);
      expect(await outbox().progress(key, 'A', { partsSent: 1, messageIds: ['m1'], now: T0 + LEASE + 2 }), 'A’s progress is refused').toBe(false);
      expect(await outbox().finish(key, 'A', 'sent', null, T0 + LEASE + 2), 'so is A’s finish').toBe(false);
      expect(await outbox().finish(key, 'B', 'sent', null, T0 + LEASE + 3), 'B holds the row').toBe(true);
      expect(await outbox().get(key)).toMatchObject({ status: 'sent', claimedBy: null, leaseUntil: null, partsSent: 0, updatedAt: T0 + LEASE + 3 });
    });

    it('records parts sent under the claim, and retries later with the claim released', async () => {
      const key = (await outbox().enqueue([briefEntry(tg('1'), '2026-01-15')], T0))[0]!;
      await outbox().claim(claimAt(T0));
      expect(await outbox().progress(key, 'A', { partsSent: 2, messageIds: ['101', '102'], now: T0 + 1 })).toBe(true);
      expect(await outbox().get(key), 'progress keeps the claim').toMatchObject({ partsSent: 2, messageIds: ['101', '102'], claimedBy: 'A', updatedAt: T0 + 1 });
      const retry = { nextAttemptAt: T0 + 2 * MINUTE, attempts: 1, detail: '429: retry after 120', now: T0 + 2 };
      expect(await outbox().retryLater(key, 'B', retry), 'only the holder may reschedule').toBe(false);
      expect(await outbox().retryLater(key, 'A', retry)).toBe(true);
      expect(await outbox().get(key)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 2 * MINUTE, detail: '429: retry after 120', claimedBy: null, leaseUntil: null, partsSent: 2 });
      expect(await outbox().claim(claimAt(T0 + MINUTE)), 'not before the retry time').toEqual([]);
      const again = await outbox().claim(claimAt(T0 + 2 * MINUTE, { owner: 'B' }));
      expect(again.map((r) => [r.partsSent, r.messageIds]), 'a retry resumes after the parts delivered').toEqual([[2, ['101', '102']]]);
    });

    it('finishes a row once: a second finish, or one for an unknown key, changes nothing', async () => {
      const key = (await outbox().enqueue([briefEntry(tg('9'), '2026-01-15')], T0))[0]!;
      await outbox().claim(claimAt(T0));
      expect(await outbox().finish(key, 'A', 'failed', "400: can't parse entities", T0 + 1)).toBe(true);
      expect(await outbox().finish(key, 'A', 'sent', null, T0 + 2), 'an ended row is not held by anyone').toBe(false);
      expect(await outbox().get(key)).toMatchObject({ status: 'failed', detail: "400: can't parse entities", updatedAt: T0 + 1 });
      expect(await outbox().finish('brief:telegram:0:none', 'A', 'sent', null, T0)).toBe(false);
      expect(await outbox().get('brief:telegram:0:none'), 'finishing creates nothing').toBeNull();
    });

    it('never hands the same row to two concurrent claimers', async () => {
      const entries: OutboxEntry[] = Array.from({ length: 60 }, (_, i) => briefEntry(tg(String(i)), '2026-01-15', T0 - i));
      await outbox().enqueue(entries, T0 - MINUTE);
      const other = await t.twin();
      const rounds = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? other : t.store).outbox.claim(claimAt(T0, { owner: `S${i}`, limit: 7 }))),
      );
      const all = rounds.flatMap(keys);
      expect(new Set(all).size, 'no key claimed twice').toBe(all.length);
      expect(all.length, '12 claims of up to 7 rows share the 60 rows').toBe(60);
      const owners = await outbox().list();
      expect(owners.every((r) => r.claimedBy !== null), 'each row held by the claimer that got it').toBe(true);
    });
  });
}
