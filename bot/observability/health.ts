/**
 * /healthz: every named part answers ok or says what is wrong, each within a time limit; the bot is
 * healthy when all are. Parts are added where they are built (an adapter reports its connection,
 * the store answers a query, the market data is fresh), so a deployment without Discord has no
 * Discord check, and a follower instance can report that it does not poll.
 */
import type { Market, OutboxStore } from '../../core/ports.js';
import { BasisbotError } from '../../core/errors.js';
import { describeError } from '../../commands/dispatch.js';

export interface PartHealth {
  ok: boolean;
  /** Short and operator-safe: shown in the JSON body (after redaction). */
  detail: string;
}

export type HealthCheck = () => PartHealth | Promise<PartHealth>;

export interface HealthReport {
  ok: boolean;
  /** The parts that failed, in the order they were added. */
  failing: string[];
  parts: Record<string, PartHealth>;
}

export interface Health {
  /** Adds (or replaces) the check named `name`. */
  set(name: string, check: HealthCheck): void;
  remove(name: string): void;
  check(): Promise<HealthReport>;
}

export function createHealth(opts: { timeoutMs?: number } = {}): Health {
  const timeoutMs = opts.timeoutMs ?? 4_000;
  const checks = new Map<string, HealthCheck>();

  async function run(check: HealthCheck): Promise<PartHealth> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<PartHealth>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs / 1000} s` }), timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(check), late]);
    } catch (err) {
      return { ok: false, detail: describeError(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    set: (name, check) => void checks.set(name, check),
    remove: (name) => void checks.delete(name),
    async check() {
      const names = [...checks.keys()];
      const results = await Promise.all(names.map((n) => run(checks.get(n)!)));
      const parts = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
      const failing = names.filter((n) => !parts[n]!.ok);
      return { ok: failing.length === 0, failing, parts };
    },
  };
}

/** The store answers: a cheap read of the outbox's counts. */
export function storeCheck(outbox: OutboxStore): HealthCheck {
  return async () => {
    const counts = await outbox.counts();
    return { ok: true, detail: `answers; ${counts.pending} pending outbox rows` };
  };
}

export interface MarketCheckOptions {
  market: Market;
  now: () => number;
  /** The newest snapshot time of each asset the bot has read (the metrics keep them). */
  snapshots: () => ReadonlyMap<string, number>;
  /** The asset to read when nothing recent was read (an idle bot). */
  probeAsset: string;
  maxAgeMs: number;
}

/**
 * Market data younger than `maxAgeMs`: the newest snapshot any command, brief or alert check read,
 * or, when there is none that recent, a fresh read of `probeAsset` (so an idle bot stays healthy
 * while its venues answer, and a bot whose venues all fail is not).
 */
export function marketCheck(o: MarketCheckOptions): HealthCheck {
  const newest = (): [string, number] | null => {
    let best: [string, number] | null = null;
    for (const [asset, at] of o.snapshots()) if (!best || at > best[1]) best = [asset, at];
    return best;
  };
  const describe = (asset: string, at: number) => `${asset} read ${Math.round(Math.max(0, o.now() - at) / 1000)} s ago`;
  return async () => {
    const seen = newest();
    if (seen && o.now() - seen[1] <= o.maxAgeMs) return { ok: true, detail: describe(...seen) };
    try {
      const snap = await o.market.snapshot(o.probeAsset);
      const fresh = o.now() - snap.at <= o.maxAgeMs;
      return { ok: fresh, detail: fresh ? describe(snap.asset, snap.at) : `stale: ${describe(snap.asset, snap.at)} (limit ${o.maxAgeMs / 1000} s)` };
    } catch (err) {
      const why = err instanceof BasisbotError ? err.message : describeError(err);
      const last = seen ? `; last data: ${describe(...seen)}` : '';
      return { ok: false, detail: `cannot read ${o.probeAsset}: ${why}${last}` };
    }
  };
}
