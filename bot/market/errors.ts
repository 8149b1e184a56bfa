/**
 * Maps what can go wrong talking to a venue onto the few outcomes the market service acts on.
 * HTTP statuses are classified where ccxt sees them (see ccxtVenue's handleErrors hook), so
 * Retry-After survives and 451 is told apart from an ordinary outage.
 */
import { ccxtErrors as ccxt } from './ccxtModules.js';
import type { VenueId } from '../../core/types.js';

export type FailureKind = 'restricted' | 'retryable' | 'bad-symbol' | 'fatal';

export class VenueHttpError extends Error {
  constructor(
    readonly venue: VenueId,
    readonly status: number,
    readonly kind: FailureKind,
    readonly retryAfterMs: number | null,
    readonly path: string,
  ) {
    super(`${venue} answered HTTP ${status} on ${path}`);
    this.name = 'VenueHttpError';
  }
}

export function kindOfStatus(status: number): FailureKind | null {
  if (status === 451) return 'restricted';
  if (status === 429 || status === 418 || status >= 500) return 'retryable';
  return null;
}

/** Retry-After is seconds (or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export interface Failure {
  kind: FailureKind;
  retryAfterMs: number | null;
  /** Short, operator- and user-safe: no URL query, no headers. */
  reason: string;
}

export function classify(err: unknown): Failure {
  if (err instanceof VenueHttpError) {
    const reason =
      err.kind === 'restricted'
        ? 'restricted location, HTTP 451'
        : err.status === 429 || err.status === 418
          ? `rate limited, HTTP ${err.status}`
          : `server error, HTTP ${err.status}`;
    return { kind: err.kind, retryAfterMs: err.retryAfterMs, reason };
  }
  if (err instanceof ccxt.RequestTimeout) return { kind: 'retryable', retryAfterMs: null, reason: 'timed out' };
  if (err instanceof ccxt.BadSymbol) return { kind: 'bad-symbol', retryAfterMs: null, reason: 'unknown symbol' };
  if (err instanceof ccxt.NetworkError) return { kind: 'retryable', retryAfterMs: null, reason: 'network error' };
  const name = err instanceof Error ? err.name : 'error';
  return { kind: 'fatal', retryAfterMs: null, reason: name };
}
