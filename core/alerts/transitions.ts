/**
 * Transition detection: the confirmed state of one asset and this check's readings in, the new
 * state and the transitions confirmed by this check out. Pure and deterministic, so re-running the
 * same check after a crash gives the same state, the same transitions and the same `seq`.
 *
 * Per kind, on each check:
 * - a missing reading (null) leaves the kind's state untouched;
 * - a kind seen for the first time records its current side and emits nothing: alerts are for
 *   transitions, not for a state that already holds when a chat subscribes;
 * - a reading inside the dead band neither counts toward a candidate nor resets it, and keeps
 *   the confirmed side: a drift along the edge of the band pauses the count instead of restarting it;
 * - a reading on the confirmed side clears any candidate;
 * - a reading on another side counts toward it (a different candidate starts again at 1); once
 *   it reaches the kind's confirmation count it becomes the confirmed side and a Transition is out.
 */
import { SIDES } from './sides.js';
import { ALERT_RULES, type AlertRules } from './thresholds.js';
import { ALERT_KINDS, type AlertKind, type AlertState, type KindReading, type KindState } from './types.js';
import type { AlertReadings } from './readings.js';

export interface Transition {
  kind: AlertKind;
  from: string;
  to: string;
  /** The check that confirmed it. */
  at: number;
  /** The reading that confirmed it (the basis, the 7-day minus the 30-day average, funding APR, or the regime score). */
  value: number;
  /** The last reading on the `from` side outside the dead band: where the value was. Null if none was kept. */
  was: KindReading | null;
}

export interface Detection {
  state: AlertState;
  /** In ALERT_KINDS order, which is also the order of importance. */
  transitions: Transition[];
}

function step(kind: AlertKind, prev: KindState | undefined, r: AlertReadings, now: number, rules: AlertRules) {
  const sides = SIDES[kind];
  const value = sides.value(r);
  if (value === null) return { state: prev, transition: null };
  const reading = { value, at: now };
  if (prev === undefined) {
    return { state: { side: sides.rawSide(value, r), since: now, candidate: null, count: 0, last: reading }, transition: null };
  }
  const side = sides.side(value, rules[kind].deadBand, r);
  if (side === null) return { state: prev, transition: null };
  if (side === prev.side) return { state: { ...prev, candidate: null, count: 0, last: reading }, transition: null };
  const count = prev.candidate === side ? prev.count + 1 : 1;
  if (count < rules[kind].confirmations) return { state: { ...prev, candidate: side, count }, transition: null };
  const transition: Transition = { kind, from: prev.side, to: side, at: now, value, was: prev.last ?? null };
  return { state: { side, since: now, candidate: null, count: 0, last: reading }, transition };
}

export function detectTransitions(
  prev: AlertState | null,
  readings: AlertReadings,
  now: number,
  rules: AlertRules = ALERT_RULES,
): Detection {
  const kinds: Partial<Record<AlertKind, KindState>> = {};
  const transitions: Transition[] = [];
  for (const kind of ALERT_KINDS) {
    const { state, transition } = step(kind, prev?.kinds[kind], readings, now, rules);
    if (state !== undefined) kinds[kind] = state;
    if (transition) transitions.push(transition);
  }
  // One seq per check, however many kinds it confirmed: the watcher sends them as one alert.
  const seq = (prev?.seq ?? 0) + (transitions.length > 0 ? 1 : 0);
  return { state: { version: 1, kinds, seq, checkedAt: now }, transitions };
}
