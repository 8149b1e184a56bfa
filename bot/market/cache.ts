/**
 * A TTL cache with single-flight: concurrent gets of one key share one load, and a settled value
 * is served until it is `ttlMs` old. Failures are not cached, so the next caller tries again.
 */
export interface TtlCache {
  /** `maxAgeMs` (≤ the TTL) serves this caller only a value younger than that; a load in flight is always fresh enough. */
  get<V>(key: string, load: () => Promise<V>, maxAgeMs?: number): Promise<V>;
  /** Settled entries held, fresh or not yet swept. */
  size(): number;
}

/** Keys embed the day (history) or the asset: expired entries are dropped once there are this many. */
const SWEEP_AT = 256;

export function createTtlCache(ttlMs: number, now: () => number): TtlCache {
  const settled = new Map<string, { at: number; value: unknown }>();
  const sweep = () => {
    for (const [k, v] of settled) if (now() - v.at >= ttlMs) settled.delete(k);
  };
  const inflight = new Map<string, Promise<unknown>>();
  return {
    get<V>(key: string, load: () => Promise<V>, maxAgeMs = ttlMs): Promise<V> {
      const hit = settled.get(key);
      if (hit && now() - hit.at < Math.min(ttlMs, maxAgeMs)) return Promise.resolve(hit.value as V);
      const pending = inflight.get(key);
      if (pending) return pending as Promise<V>;
      const p = load().then(
        (value) => {
          if (settled.size >= SWEEP_AT) sweep();
          settled.set(key, { at: now(), value });
          inflight.delete(key);
          return value;
        },
        (err: unknown) => {
          inflight.delete(key);
          throw err;
        },
      );
      inflight.set(key, p);
      return p;
    },
    size: () => settled.size,
  };
}
