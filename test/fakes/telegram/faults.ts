/**
 * Seeded fault injection shared by both platform fakes. The draw for a call depends only on
 * (seed, destination, attempt number at that destination), never on arrival order: the n-th attempt
 * at a chat meets the same fault in every run, so a pipeline and a baseline that interleave their
 * sends differently still face the same faults.
 */

/** mulberry32: a tiny 32-bit PRNG, plenty for picking faults. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string's UTF-16 units. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export interface InjectOptions {
  /** Probability that a send is answered 429 (with retry_after) without being delivered. */
  p429?: number;
  /** Probability that a send is answered 500 or 502. */
  p5xx?: number;
  /** Of the 5xx answers, the share where the message was delivered all the same (unknown outcome). */
  p5xxDelivered?: number;
  /** retry_after of an injected 429, in (scaled) seconds. */
  retryAfterSeconds?: number;
  seed?: number;
}

export type Fault = { kind: 'none' } | { kind: '429' } | { kind: '5xx'; status: 500 | 502; delivered: boolean };

export class FaultInjector {
  readonly p429: number;
  readonly p5xx: number;
  readonly p5xxDelivered: number;
  readonly retryAfterSeconds: number;
  readonly seed: number;

  constructor(opts: InjectOptions) {
    this.p429 = opts.p429 ?? 0;
    this.p5xx = opts.p5xx ?? 0;
    this.p5xxDelivered = opts.p5xxDelivered ?? 0;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? 1;
    this.seed = opts.seed ?? 1;
  }

  /** The fault for attempt `attempt` (0-based) at destination `key`. */
  draw(key: string, attempt: number): Fault {
    const next = mulberry32(hash32(key) ^ Math.imul(attempt + 1, 0x9e3779b1) ^ Math.imul(this.seed, 0x85ebca6b));
    next(); // the first output of nearby states is the least mixed
    const u = next();
    if (u < this.p429) return { kind: '429' };
    if (u < this.p429 + this.p5xx) return { kind: '5xx', status: next() < 0.5 ? 500 : 502, delivered: next() < this.p5xxDelivered };
    return { kind: 'none' };
  }
}
