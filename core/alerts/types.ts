/**
 * Flip alerts: the vocabulary shared by the transition detector (core/alerts), the store and the
 * commands. An alert is a confirmed *transition* of one reading of one asset, never a state.
 */

/**
 * - `basis`: the headline basis crosses zero, either way.
 * - `band`: it reclaims the renewed-confidence band (rises above its top) or falls back into it.
 * - `regime`: the regime label changes.
 * - `cross`: the 7-day average of the basis crosses the 30-day.
 * - `funding`: perpetual funding turns negative, or back.
 */
export type AlertKind = 'basis' | 'band' | 'regime' | 'cross' | 'funding';
export const ALERT_KINDS: readonly AlertKind[] = ['basis', 'band', 'regime', 'cross', 'funding'];

/** `silent` is sent without a notification sound. */
export type AlertLevel = 'on' | 'silent' | 'off';
export const ALERT_LEVELS: readonly AlertLevel[] = ['on', 'silent', 'off'];
export type AlertLevels = Record<AlertKind, AlertLevel>;

export const DEFAULT_LEVELS: Readonly<AlertLevels> = { basis: 'on', band: 'on', regime: 'on', cross: 'on', funding: 'on' };

/** One reading of a kind, and when it was taken. */
export interface KindReading {
  value: number;
  at: number;
}

/** One kind's memory: the side last confirmed, and a different side being confirmed. */
export interface KindState {
  /**
   * 'positive'/'negative' (basis, funding), 'above'/'not-above' (band: above its top, or not),
   * 'above'/'below' (cross: the 7-day average against the 30-day), 'Bullish'/'Neutral'/'Bearish' (regime).
   */
  side: string;
  /** When `side` was confirmed (or first seen, for the initial state). */
  since: number;
  /** A different side seen on the latest checks, not yet confirmed; null when the readings agree with `side`. */
  candidate: string | null;
  /** Checks outside the dead band that have seen `candidate` with no check on `side` in between. */
  count: number;
  /**
   * The latest reading on `side` outside the dead band (or the first reading ever seen): where the
   * value was before a transition, so an alert can say so. Absent in states stored before it existed.
   */
  last?: KindReading | null;
}

/** What the watcher remembers of one asset between checks (stored as JSON by the AlertStateStore). */
export interface AlertState {
  version: 1;
  kinds: Partial<Record<AlertKind, KindState>>;
  /** Transitions confirmed so far; an alert's outbox slot is `ASSET#seq`, so a re-run after a crash writes the same keys. */
  seq: number;
  checkedAt: number;
}
