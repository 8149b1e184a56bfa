/** ClusterStore: the leader lease and the values every instance shares. */
import { describe, expect, it } from 'vitest';
import { T0, useStore } from './harness.js';
import type { StoreFactory } from './harness.js';

const TTL = 15_000;

export function clusterContract(name: string, factory: StoreFactory): void {
  describe(`ClusterStore contract: ${name}`, () => {
    const t = useStore(factory);

    it('one holder at a time: the lease is renewed by its holder and refused to others until it lapses', async () => {
      const a = t.store.cluster;
      const b = (await t.twin()).cluster; // another instance on the same database
      expect(await a.acquireLease('leader', 'A', TTL, T0), 'free: A takes it').toBe(true);
      expect(await b.acquireLease('leader', 'B', TTL, T0 + 1), 'held by A: refused').toBe(false);
      expect(await a.acquireLease('leader', 'A', TTL, T0 + 10_000), 'A renews').toBe(true);
      expect(await b.acquireLease('leader', 'B', TTL, T0 + 10_000 + TTL), 'the renewed lease holds to its last instant').toBe(false);
      expect(await b.acquireLease('leader', 'B', TTL, T0 + 10_001 + TTL), 'lapsed: B takes over').toBe(true);
      expect(await a.acquireLease('leader', 'A', TTL, T0 + 10_002 + TTL), 'and A, back late, does not get it back').toBe(false);
      expect(await a.acquireLease('other', 'A', TTL, T0), 'leases are apart by name').toBe(true);
    });

    it('two instances racing for a free lease: exactly one wins', async () => {
      const twins = await Promise.all([t.twin(), t.twin(), t.twin()]);
      const won = await Promise.all([t.store, ...twins].map((s, i) => s.cluster.acquireLease('leader', `I${i}`, TTL, T0)));
      expect(won.filter(Boolean), 'one leader').toHaveLength(1);
    });

    it('a released lease is free at once, but only its holder can release it', async () => {
      const c = t.store.cluster;
      await c.acquireLease('leader', 'A', TTL, T0);
      await c.releaseLease('leader', 'B');
      expect(await c.acquireLease('leader', 'B', TTL, T0 + 1), 'B could not release A’s lease').toBe(false);
      await c.releaseLease('leader', 'A');
      expect(await c.acquireLease('leader', 'B', TTL, T0 + 2), 'released by A: B takes it before it would have lapsed').toBe(true);
    });

    it('counts the instances alive: each heartbeat says how many were seen within the ttl', async () => {
      const b = (await t.twin()).cluster;
      expect(await t.store.cluster.heartbeat('A', T0, TTL), 'alone').toBe(1);
      expect(await b.heartbeat('B', T0 + 1_000, TTL), 'two').toBe(2);
      expect(await b.heartbeat('B', T0 + TTL + 2_000, TTL), 'A stopped beating: B is alone again').toBe(1);
      await t.store.cluster.heartbeat('A', T0 + TTL + 3_000, TTL);
      await t.store.cluster.leave('A');
      expect(await b.heartbeat('B', T0 + TTL + 4_000, TTL), 'A left cleanly').toBe(1);
    });

    it('a shared value is whatever the first instance stored', async () => {
      const b = (await t.twin()).cluster;
      expect(await t.store.cluster.sharedValue('telegram-webhook-secret', 'first', T0)).toBe('first');
      expect(await b.sharedValue('telegram-webhook-secret', 'second', T0 + 1), 'the second instance gets the first value').toBe('first');
      expect(await b.sharedValue('other', 'x', T0)).toBe('x');
    });
  });
}
