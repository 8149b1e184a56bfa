import type { Destination, OutboxRow, OutboxStore } from '../../../core/ports.js';
import { byClaimOrder, byDue, emptyCounts, movedDetail, newRow, rekeyed, uniqueByKey } from '../outboxRules.js';
import { copyRow } from './copy.js';

const same = (a: Destination, b: Destination): boolean => a.platform === b.platform && a.chatId === b.chatId;
const isAt = (r: OutboxRow, d: Destination): boolean => same(r.destination, d);
const release = (r: OutboxRow, now: number): void => {
  r.claimedBy = null;
  r.leaseUntil = null;
  r.updatedAt = now;
};

/** Every method runs without awaiting in between, so concurrent callers see each other's writes whole. */
export function createMemoryOutbox(): OutboxStore {
  const rows = new Map<string, OutboxRow>();
  const payloads = new Map<string, { body: string; createdAt: number }>();
  const media = new Map<string, string>();
  // A row this owner still holds: pending, and not claimed since by someone else.
  const held = (key: string, owner: string): OutboxRow | null => {
    const r = rows.get(key);
    return r && r.status === 'pending' && r.claimedBy === owner ? r : null;
  };

  return {
    async enqueue(entries, now, ended) {
      const fresh = uniqueByKey(entries.map((e) => newRow(e, now, ended))).filter((r) => !rows.has(r.key));
      for (const r of fresh) rows.set(r.key, r);
      return fresh.map((r) => r.key);
    },
    async existing(keys) {
      return new Set(keys.filter((k) => rows.has(k)));
    },
    async get(key) {
      const r = rows.get(key);
      return r ? copyRow(r) : null;
    },
    async list(filter = {}) {
      return [...rows.values()]
        .filter((r) => (filter.status === undefined || r.status === filter.status) && (filter.kind === undefined || r.kind === filter.kind))
        .filter((r) => filter.destination === undefined || isAt(r, filter.destination))
        .sort(byDue)
        .map(copyRow);
    },
    async claim({ owner, now, leaseMs, limit, platforms }) {
      const free = [...rows.values()].filter(
        (r) => r.status === 'pending' && r.nextAttemptAt <= now && (r.leaseUntil === null || r.leaseUntil < now) && platforms.includes(r.destination.platform),
      );
      const claimed = free.sort(byClaimOrder).slice(0, Math.max(0, limit));
      for (const r of claimed) [r.claimedBy, r.leaseUntil] = [owner, now + leaseMs];
      return claimed.map(copyRow);
    },
    async progress(key, owner, { partsSent, messageIds, now }) {
      const r = held(key, owner);
      if (!r) return false;
      [r.partsSent, r.messageIds, r.updatedAt] = [partsSent, [...messageIds], now];
      return true;
    },
    async retryLater(key, owner, { nextAttemptAt, attempts, detail, now }) {
      const r = held(key, owner);
      if (!r) return false;
      [r.nextAttemptAt, r.attempts, r.detail] = [nextAttemptAt, attempts, detail];
      release(r, now);
      return true;
    },
    async finish(key, owner, status, detail, now) {
      const r = held(key, owner);
      if (!r) return false;
      [r.status, r.detail] = [status, detail];
      release(r, now);
      return true;
    },
    async cancelPending(dest, kind, detail, now) {
      const hit = [...rows.values()].filter((r) => r.status === 'pending' && isAt(r, dest) && (kind === null || r.kind === kind));
      for (const r of hit) {
        [r.status, r.detail] = ['cancelled', detail];
        release(r, now);
      }
      return hit.length;
    },
    async releaseClaims(owner) {
      const hit = [...rows.values()].filter((r) => r.status === 'pending' && r.claimedBy !== null && (owner === null || r.claimedBy === owner));
      for (const r of hit) [r.claimedBy, r.leaseUntil] = [null, null];
      return hit.length;
    },
    async nextDueAt(platforms) {
      let next: number | null = null;
      for (const r of rows.values()) {
        if (r.status === 'pending' && platforms.includes(r.destination.platform) && (next === null || r.nextAttemptAt < next)) next = r.nextAttemptAt;
      }
      return next;
    },
    async moveDestination(from, to, now) {
      if (same(from, to)) return;
      for (const r of [...rows.values()].filter((x) => isAt(x, from))) {
        const moved = rekeyed(r, to);
        if (r.status !== 'pending') {
          if (!rows.has(moved.key)) rows.set(moved.key, { ...copyRow(r), ...moved });
        } else if (rows.has(moved.key)) {
          [r.status, r.detail] = ['moved', movedDetail(to)];
          release(r, now);
        } else {
          rows.delete(r.key);
          rows.set(moved.key, { ...r, ...moved, claimedBy: null, leaseUntil: null, updatedAt: now });
        }
      }
    },
    async counts() {
      const counts = emptyCounts();
      for (const r of rows.values()) counts[r.status]++;
      return counts;
    },
    async prune(before) {
      let n = 0;
      for (const r of [...rows.values()]) if (r.status !== 'pending' && r.updatedAt < before && rows.delete(r.key)) n++;
      const used = new Set([...rows.values()].filter((r) => r.status === 'pending').flatMap((r) => r.payloads));
      for (const [key, p] of [...payloads]) if (p.createdAt < before && !used.has(key) && payloads.delete(key)) n++;
      return n;
    },

    async putPayload(key, body, now) {
      if (!payloads.has(key)) payloads.set(key, { body, createdAt: now });
    },
    async getPayload(key) {
      return payloads.get(key)?.body ?? null;
    },
    async getMedia(platform, cacheKey) {
      return media.get(`${platform}|${cacheKey}`) ?? null;
    },
    async putMedia(platform, cacheKey, mediaId) {
      media.set(`${platform}|${cacheKey}`, mediaId);
    },
  };
}
