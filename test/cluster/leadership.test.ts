/**
 * The leader lease with an injected clock: one leader at a time, a follower takes over within
 * ttl + one renewal of the leader's death, and a leader that cannot renew steps down before its
 * lease could pass to anyone else.
 */
import { describe, expect, it } from 'vitest';
import { createLeadership, LEASE } from '../../bot/cluster/leadership.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import type { ClusterStore } from '../../core/ports.js';

const T0 = Date.parse('2026-12-01T12:00:00Z');
const clock = { now: () => { throw new Error('now is passed explicitly'); } };
const lead = (cluster: ClusterStore | null, holder: string) => createLeadership({ cluster, holder, clock, logger: createMemoryLogger() });

describe('GIVEN two instances on one database', () => {
  it('one leads; when it dies the other leads within the lease and one renewal, never both at once', async () => {
    const { cluster } = createMemoryStore();
    const a = lead(cluster, 'A');
    const b = lead(cluster, 'B');
    expect(await a.round(T0), 'first come').toBe(true);
    let t = T0;
    let takenAt: number | null = null;
    // A renews every 5 s until it is killed at T0 + 60 s; B tries every 5 s throughout.
    for (; t <= T0 + 120_000; t += LEASE.renewMs) {
      if (t <= T0 + 60_000) await a.round(t);
      if ((await b.round(t)) && takenAt === null) takenAt = t;
      expect(a.isLeader() && b.isLeader() && t <= T0 + 60_000, `never two leaders (t+${t - T0} ms)`).toBe(false);
    }
    expect(takenAt, 'B took over').not.toBeNull();
    expect(takenAt! - (T0 + 60_000), 'within 30 s of the leader’s last renewal').toBeLessThanOrEqual(LEASE.ttlMs + LEASE.renewMs);
    await expect(b.elected).resolves.toBeUndefined();
  });

  it('a clean stop hands the lease over at the next round', async () => {
    const { cluster } = createMemoryStore();
    const a = lead(cluster, 'A');
    const b = lead(cluster, 'B');
    await a.round(T0);
    expect(await b.round(T0 + 1)).toBe(false);
    await a.stop();
    expect(await b.round(T0 + 2), 'no waiting for the lease to lapse').toBe(true);
  });

  it('a leader whose store stops answering steps down before its lease lapses', async () => {
    const { cluster } = createMemoryStore();
    let down = false;
    const flaky: ClusterStore = { ...cluster, acquireLease: (...args) => (down ? Promise.reject(new Error('connection refused')) : cluster.acquireLease(...args)) };
    const a = lead(flaky, 'A');
    await a.round(T0);
    down = true;
    expect(await a.round(T0 + 5_000), 'one missed renewal is tolerated').toBe(true);
    expect(await a.round(T0 + 10_001), 'but not past ttl minus a round: it resigns while the lease still blocks others').toBe(false);
    await expect(a.lost).resolves.toBeUndefined();
    const b = lead(cluster, 'B');
    expect(await b.round(T0 + 10_002), 'the lease it held still blocks B until it lapses').toBe(false);
    expect(await b.round(T0 + 15_001), 'then B leads: the two never overlapped').toBe(true);
  });

  it('on a single-process store the instance leads at once, with nothing stored', async () => {
    const solo = lead(null, 'only');
    expect(await solo.round(T0)).toBe(true);
    await expect(solo.elected).resolves.toBeUndefined();
  });
});
