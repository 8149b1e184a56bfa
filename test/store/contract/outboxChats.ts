/** OutboxStore around the queue: chats that leave or move, housekeeping, payloads and media ids. */
import { describe, expect, it } from 'vitest';
import { outboxKey } from '../../../core/ports.js';
import type { ClaimOptions } from '../../../core/ports.js';
import { MINUTE, SUPERGROUP, T0, alertEntry, briefEntry, discord, tg, useStore } from './harness.js';
import type { StoreFactory } from './harness.js';

const claimAt = (now: number, o: Partial<ClaimOptions> = {}): ClaimOptions => ({ owner: 'A', now, leaseMs: 5 * MINUTE, limit: 100, platforms: ['telegram', 'discord'], ...o });
const DAY = 24 * 60 * MINUTE;

export function outboxChatsContract(name: string, factory: StoreFactory): void {
  describe(`OutboxStore chats and housekeeping contract: ${name}`, () => {
    const t = useStore(factory);
    const outbox = () => t.store.outbox;

    it('cancels a chat’s pending rows of one kind, or all, even one a sender holds; ended rows and other chats stay', async () => {
      const [brief, alert1, alert2, sent, other] = await outbox().enqueue(
        [briefEntry(tg('1'), 'd1'), alertEntry(tg('1'), 'BTC#1'), alertEntry(tg('1'), 'BTC#2'), alertEntry(tg('1'), 'BTC#0'), alertEntry(tg('2'), 'BTC#1')],
        T0,
      );
      // Claims go by priority, then key: BTC#0 first (sent at once), then BTC#1 (still in a sender's hands).
      await outbox().claim(claimAt(T0, { owner: 'S', limit: 1 }));
      await outbox().finish(sent!, 'S', 'sent', null, T0 + 1);
      expect((await outbox().claim(claimAt(T0, { limit: 1 }))).map((r) => r.key)).toEqual([alert1]);

      expect(await outbox().cancelPending(tg('1'), 'alert', '/unsubscribe alerts', T0 + 2), 'the two pending alerts').toBe(2);
      expect((await outbox().get(alert1!))?.status).toBe('cancelled');
      expect(await outbox().get(alert2!)).toMatchObject({ status: 'cancelled', detail: '/unsubscribe alerts', claimedBy: null, updatedAt: T0 + 2 });
      expect(await outbox().finish(alert1!, 'A', 'sent', null, T0 + 3), 'the sender holding it learns it was lost').toBe(false);
      expect((await outbox().get(sent!))?.status, 'an alert already sent stays sent').toBe('sent');
      expect((await outbox().get(brief!))?.status, 'the brief is another kind').toBe('pending');
      expect((await outbox().get(other!))?.status, 'another chat’s alert is untouched').toBe('pending');
      expect(await outbox().cancelPending(tg('1'), null, 'retired', T0 + 4), 'all kinds: the brief').toBe(1);
    });

    it('releases the claims of one owner, or of all', async () => {
      await outbox().enqueue([briefEntry(tg('1'), 'd'), briefEntry(tg('2'), 'd'), briefEntry(tg('3'), 'd')], T0);
      await outbox().claim(claimAt(T0, { owner: 'A', limit: 2 }));
      await outbox().claim(claimAt(T0, { owner: 'B' }));
      expect(await outbox().releaseClaims('A'), 'A held two').toBe(2);
      expect((await outbox().claim(claimAt(T0, { owner: 'C' }))).length, 'A’s rows are free at once, B’s are not').toBe(2);
      expect(await outbox().releaseClaims(null), 'everything still held (C’s two, B’s one)').toBe(3);
      expect((await outbox().list()).every((r) => r.claimedBy === null && r.leaseUntil === null)).toBe(true);
    });

    it('knows when the next pending row on some platforms is due', async () => {
      expect(await outbox().nextDueAt(['telegram']), 'an empty outbox').toBeNull();
      const [early] = await outbox().enqueue([briefEntry(tg('1'), 'a', T0 + 5 * MINUTE), briefEntry(tg('2'), 'b', T0 + 9 * MINUTE), briefEntry(discord('3'), 'c', T0 + MINUTE)], T0);
      expect(await outbox().nextDueAt(['telegram']), 'the discord row is not counted').toBe(T0 + 5 * MINUTE);
      expect(await outbox().nextDueAt(['telegram', 'discord'])).toBe(T0 + MINUTE);
      await outbox().claim(claimAt(T0 + 5 * MINUTE, { platforms: ['telegram'] }));
      await outbox().finish(early!, 'A', 'sent', null, T0 + 5 * MINUTE);
      expect(await outbox().nextDueAt(['telegram']), 'an ended row no longer counts').toBe(T0 + 9 * MINUTE);
      expect(await outbox().nextDueAt([])).toBeNull();
    });

    it('counts rows by status, every status present', async () => {
      expect(await outbox().counts()).toEqual({ pending: 0, sent: 0, failed: 0, 'skipped-late': 0, stale: 0, moved: 0, cancelled: 0 });
      await outbox().enqueue([briefEntry(tg('1'), 'a'), briefEntry(tg('2'), 'a')], T0);
      await outbox().enqueue([briefEntry(tg('3'), 'a')], T0, { status: 'skipped-late', detail: 'late' });
      expect(await outbox().counts()).toEqual({ pending: 2, sent: 0, failed: 0, 'skipped-late': 1, stale: 0, moved: 0, cancelled: 0 });
    });

    it('moves a chat: pending rows are re-keyed unless the new id has the slot, ended rows are copied so no slot is served twice', async () => {
      const group = tg('-4012345678');
      const to = tg(SUPERGROUP);
      await outbox().enqueue([briefEntry(group, '2026-01-14', T0 - DAY)], T0 - DAY);
      await outbox().claim(claimAt(T0 - DAY));
      await outbox().finish(outboxKey(briefEntry(group, '2026-01-14')), 'A', 'sent', null, T0 - DAY + 1);
      await outbox().enqueue([briefEntry(group, '2026-01-15'), alertEntry(group, 'BTC#4'), alertEntry(group, 'BTC#3'), alertEntry(to, 'BTC#3', T0 + MINUTE), briefEntry(to, '2026-01-14')], T0);
      await outbox().claim(claimAt(T0, { limit: 1 })); // alert BTC#3 at the old id: a sender had it in hand
      await outbox().progress(`alert:telegram:-4012345678:BTC#3`, 'A', { partsSent: 1, messageIds: ['7'], now: T0 });

      await outbox().moveDestination(group, to, T0 + 1);

      const at = async (d: typeof group) => (await outbox().list({ destination: d })).map((r) => `${r.key} ${r.status}${r.claimedBy ? ' held' : ''}`);
      expect(await at(group), 'the old id keeps its ended rows; a pending row whose slot the new id already has is marked moved').toEqual([
        'brief:telegram:-4012345678:2026-01-14 sent',
        'alert:telegram:-4012345678:BTC#3 moved',
      ]);
      expect(await at(to), 'by due time: BTC#4 and the 15th re-keyed, unheld; BTC#3 and the 14th as the new id had them').toEqual([
        `alert:telegram:${SUPERGROUP}:BTC#4 pending`,
        `brief:telegram:${SUPERGROUP}:2026-01-14 pending`, // not replaced by the old id's sent copy
        `brief:telegram:${SUPERGROUP}:2026-01-15 pending`,
        `alert:telegram:${SUPERGROUP}:BTC#3 pending`,
      ]);
      expect(await outbox().get(`alert:telegram:-4012345678:BTC#4`), 'a re-keyed row is gone from the old key').toBeNull();
      const moved = await outbox().get(`alert:telegram:-4012345678:BTC#3`);
      expect(moved, 'the row replaced says where it went, and no one holds it').toMatchObject({ detail: `moved to telegram:${SUPERGROUP}`, claimedBy: null, updatedAt: T0 + 1 });
    });

    it('copies a moved chat’s served slots to the new id, so a producer dedupes against them', async () => {
      const group = tg('-4012345678');
      await outbox().enqueue([briefEntry(group, '2026-01-15')], T0, { status: 'skipped-late', detail: 'late' });
      await outbox().moveDestination(group, tg(SUPERGROUP), T0 + 1);
      const copy = await outbox().get(`brief:telegram:${SUPERGROUP}:2026-01-15`);
      expect(copy, 'the copy keeps status and detail').toMatchObject({ status: 'skipped-late', detail: 'late', destination: tg(SUPERGROUP), slot: '2026-01-15' });
      expect(await outbox().enqueue([briefEntry(tg(SUPERGROUP), '2026-01-15')], T0 + 2), 'today’s brief is not queued again at the new id').toEqual([]);
      expect((await outbox().get(`brief:telegram:-4012345678:2026-01-15`))?.status, 'the old row stays').toBe('skipped-late');
    });

    it('prunes ended rows last changed before the cut, and old payloads no pending row needs', async () => {
      const old = T0 - 10 * DAY;
      await outbox().enqueue([briefEntry(tg('1'), 'old', old)], old, { status: 'skipped-late', detail: 'late' });
      await outbox().enqueue([briefEntry(tg('2'), 'old-pending', old)], old);
      await outbox().enqueue([briefEntry(tg('3'), 'recent')], T0, { status: 'skipped-late', detail: 'late' });
      await outbox().putPayload('brief:BTC:old', '{"title":"old"}', old); // named by an ended row only
      await outbox().putPayload('brief:BTC:old-pending', '{"title":"still due"}', old);
      await outbox().putPayload('brief:BTC:recent', '{"title":"new"}', T0);

      expect(await outbox().prune(T0 - DAY), 'one row and one payload').toBe(2);
      expect((await outbox().list()).map((r) => r.slot), 'pending rows are never pruned, however old').toEqual(['old-pending', 'recent']);
      expect(await outbox().getPayload('brief:BTC:old')).toBeNull();
      expect(await outbox().getPayload('brief:BTC:old-pending'), 'a pending row still names it').toBe('{"title":"still due"}');
      expect(await outbox().getPayload('brief:BTC:recent'), 'created after the cut').toBe('{"title":"new"}');
    });

    it('stores a payload once: the first body for a key stands, and large bodies round-trip', async () => {
      const chart = 'x'.repeat(300_000); // a base64 PNG is about this size
      await outbox().putPayload('brief:BTC:2026-01-15', chart, T0);
      await outbox().putPayload('brief:BTC:2026-01-15', 'a second rendering', T0 + 1);
      expect(await outbox().getPayload('brief:BTC:2026-01-15'), 'every row of the slot reads the same rendering').toBe(chart);
      expect(await outbox().getPayload('nope')).toBeNull();
    });

    it('keeps platform media ids by content key, the latest upload winning', async () => {
      expect(await outbox().getMedia('telegram', 'chart:abc')).toBeNull();
      await outbox().putMedia('telegram', 'chart:abc', 'AgACAgIAAxkBAAI', T0);
      await outbox().putMedia('telegram', 'chart:abc', 'AgACAgIAAxkBAAJ', T0 + 1);
      await outbox().putMedia('discord', 'chart:abc', '1234567890', T0);
      expect(await outbox().getMedia('telegram', 'chart:abc'), 'a re-upload replaces the id').toBe('AgACAgIAAxkBAAJ');
      expect(await outbox().getMedia('discord', 'chart:abc'), 'platforms apart').toBe('1234567890');
    });
  });
}
