/** The in-memory ClusterStore: one process, so the semantics of the SQL upsert, without a race. */
import type { ClusterStore } from '../../../core/ports.js';

export function createMemoryCluster(): ClusterStore {
  const leases = new Map<string, { holder: string; expiresAt: number }>();
  const shared = new Map<string, string>();
  const seen = new Map<string, number>();
  return {
    async acquireLease(name, holder, ttlMs, now) {
      const held = leases.get(name);
      if (held && held.holder !== holder && held.expiresAt >= now) return false;
      leases.set(name, { holder, expiresAt: now + ttlMs });
      return true;
    },
    async releaseLease(name, holder) {
      if (leases.get(name)?.holder === holder) leases.delete(name);
    },
    async heartbeat(holder, now, ttlMs) {
      seen.set(holder, now);
      for (const [h, at] of seen) if (at < now - ttlMs) seen.delete(h);
      return seen.size;
    },
    async leave(holder) {
      seen.delete(holder);
    },
    async sharedValue(key, proposed) {
      if (!shared.has(key)) shared.set(key, proposed);
      return shared.get(key)!;
    },
  };
}
