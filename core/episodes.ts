/**
 * Event analogs: the earlier episodes of the event today's note is about — the basis flipping below
 * or above zero, climbing back above the band or dropping out of it, the 7-day average crossing the
 * 30-day — each with what spot did over the next 7 and 30 days and its worst close in between,
 * and the market phase it came in (spot above or below its 200-day average). Pure: history and
 * signals in, episodes out.
 *
 * An episode is a *fresh* turn, as the note's situations define one: the first reading on the new
 * side after at least THRESHOLDS.recentDays days without one. Episodes are kept at least 30 days
 * apart (the first of a cluster counts) and at least 30 days before today's, so their 30-day
 * windows are complete and never overlap today's.
 */
import { daysBetween, dayStart } from './calendar.js';
import { situationOf } from './narrative/situation.js';
import { THRESHOLDS } from './regime/weights.js';
import { movingAverage } from './signals/series.js';
import type { Signals } from './signals/types.js';
import type { DailyReading, Day } from './types.js';

export type EventKind = 'below-zero' | 'above-zero' | 'band-reclaimed' | 'band-lost' | 'cross-below' | 'cross-above';
/** Spot above its 200-day average ('rising' market) or below it ('falling'). */
export type Phase = 'rising' | 'falling';

export const EPISODES = {
  /** Episodes closer together than this are one episode (the first counts). */
  separationDays: 30,
  horizonDays: 30,
  shortDays: 7,
  phaseDays: 200,
  /** "Preceded a short-term bottom": the 30-day low came within this many days, and spot was higher 30 days on. */
  bottomWithinDays: 7,
  /** "Led into a deeper fall": spot closed at least this far below the day's close within 30 days, and was still lower 30 days on. */
  deeperFall: -0.1,
  /** Fewer episodes than this are too few to generalise from. */
  minCases: 3,
} as const;

export interface Episode {
  day: Day;
  basis: number | null;
  spot: number;
  phase: Phase | null;
  forward7: number | null;
  forward30: number | null;
  /** Lowest close of the 30 days after, against the day's close (0 when it never closed lower). */
  worst30: number | null;
  /** Days from the episode to the lowest close of it and the 30 days after (0: the day itself). */
  lowAfterDays: number | null;
  outcome: 'bottom' | 'deeper' | null;
}

export interface EpisodeStats {
  /** 'phase': the cases are the episodes in today's phase; 'all': too few of those, so every episode. */
  base: 'phase' | 'all';
  cases: number;
  /** Bearish events: cases that preceded a short-term bottom. Bullish events: cases with spot higher 30 days on. */
  hits: number;
  /** Episodes in today's phase. */
  samePhase: number;
  /** Episodes with a phase at all (200 days of record before them). */
  phased: number;
  /** Episodes (any phase) that led into a deeper fall. */
  deeper: number;
}

export interface EventAnalogs {
  kind: EventKind;
  /** Today's event: the day it happened, its basis and spot, today's phase. */
  current: { day: Day; basis: number | null; phase: Phase | null };
  /** Earlier episodes, oldest first. */
  episodes: Episode[];
  stats: EpisodeStats;
  /** The first day with a basis reading: where the record searched begins. */
  searchedFrom: Day;
  /** Days from `searchedFrom` to the last day of the history. */
  recordDays: number;
}

export const BEARISH_EVENTS: readonly EventKind[] = ['below-zero', 'band-lost', 'cross-below'];

type Side = 0 | 1; // the side a kind turns *to* is 1
interface Series {
  days: Day[];
  spot: number[];
  basis: (number | null)[];
  ma7: (number | null)[];
  ma30: (number | null)[];
}

/** Each kind's side per day (1: the side the event turns to; null: no reading). */
function sides(kind: EventKind, s: Series, band: readonly [number, number]): (Side | null)[] {
  const of = (xs: readonly (number | null)[], to: (v: number, i: number) => boolean) => xs.map((v, i) => (v == null ? null : to(v, i) ? 1 : 0));
  switch (kind) {
    case 'below-zero':
      return of(s.basis, (v) => v < 0);
    case 'above-zero':
      return of(s.basis, (v) => v >= 0);
    case 'band-reclaimed':
      return of(s.basis, (v) => v > band[1]);
    case 'band-lost':
      return of(s.basis, (v) => v <= band[1]);
    case 'cross-below':
    case 'cross-above': {
      // As in core/signals/basis.ts: a tie counts as 'above'.
      const below = s.ma7.map((v, i) => (v == null || s.ma30[i] == null ? null : v < s.ma30[i]! ? 1 : 0));
      return kind === 'cross-below' ? below : below.map((x) => (x === null ? null : ((1 - x) as Side)));
    }
  }
}

const gapDays = (a: Day, b: Day): number => Math.round((dayStart(b) - dayStart(a)) / 86_400_000);

/** Indices of fresh turns to side 1: no reading on side 1 in the `away` days before, and readings on side 0 in between. */
function turns(dayNo: readonly number[], side: readonly (Side | null)[], away: number): number[] {
  const out: number[] = [];
  let last1: number | null = null;
  let first: number | null = null;
  for (let i = 0; i < side.length; i++) {
    const v = side[i];
    if (v == null) continue;
    first ??= i;
    if (v === 1) {
      const since = last1 === null ? dayNo[i]! - dayNo[first]! : dayNo[i]! - dayNo[last1]! - 1;
      if (since >= away && (last1 !== null || i > first)) out.push(i);
      last1 = i;
    }
  }
  return out;
}

/** Spot above or below its trailing 200-day mean, per day (null before 200 closes). */
function phases(spot: readonly number[]): (Phase | null)[] {
  const n = EPISODES.phaseDays;
  const out: (Phase | null)[] = [];
  let sum = 0;
  for (let i = 0; i < spot.length; i++) {
    sum += spot[i]!;
    if (i >= n) sum -= spot[i - n]!;
    out.push(i < n - 1 ? null : spot[i]! >= sum / n ? 'rising' : 'falling');
  }
  return out;
}

function episodeAt(s: Series, phase: (Phase | null)[], i: number): Episode {
  const p = s.spot[i]!;
  const H = EPISODES.horizonDays;
  const complete = i + H < s.spot.length;
  let low = i;
  if (complete) for (let j = i + 1; j <= i + H; j++) if (s.spot[j]! < s.spot[low]!) low = j;
  const forward7 = i + EPISODES.shortDays < s.spot.length ? s.spot[i + EPISODES.shortDays]! / p - 1 : null;
  const forward30 = complete ? s.spot[i + H]! / p - 1 : null;
  const worst30 = complete ? s.spot[low]! / p - 1 : null;
  const lowAfterDays = complete ? low - i : null;
  let outcome: Episode['outcome'] = null;
  if (forward30 !== null && worst30 !== null && lowAfterDays !== null) {
    if (lowAfterDays <= EPISODES.bottomWithinDays && forward30 > 0) outcome = 'bottom';
    else if (worst30 <= EPISODES.deeperFall && forward30 < 0) outcome = 'deeper';
  }
  return { day: s.days[i]!, basis: s.basis[i] ?? null, spot: p, phase: phase[i] ?? null, forward7, forward30, worst30, lowAfterDays, outcome };
}

/** The event today's note is about, and the index where it happened; null when nothing turned lately. */
function currentEvent(sig: Signals, s: Series, all: Record<EventKind, number[]>): { kind: EventKind; at: number } | null {
  const b = sig.basis;
  const at = (day: Day | undefined) => (day === undefined ? -1 : s.days.indexOf(day));
  const situation = situationOf(b);
  const fromRun: Partial<Record<typeof situation, [EventKind, Day | undefined]>> = {
    'flip-negative': ['below-zero', b.sign?.startedOn],
    'flip-positive': ['above-zero', b.sign?.startedOn],
    recovery: ['band-reclaimed', b.bandRun?.startedOn],
  };
  const named = fromRun[situation];
  if (named && at(named[1]) >= 0) return { kind: named[0], at: at(named[1]) };
  // Otherwise a fresh band loss or average cross of the last recentDays readings, still holding.
  const last = s.days.length - 1;
  for (const kind of ['band-lost', 'cross-below', 'cross-above'] as const) {
    const t = all[kind].at(-1);
    if (t === undefined || last - t >= THRESHOLDS.recentDays) continue;
    const side = sides(kind, s, b.band);
    if (side.slice(t).every((v) => v !== 0)) return { kind, at: t };
  }
  return null;
}

/**
 * The event analogs of today's note: its event and the earlier episodes of the same event, or null
 * when the note is about no event. `signals` must come from the same history (its live basis, if
 * any, is the newest reading).
 */
export function eventAnalogs(history: readonly DailyReading[], signals: Signals): EventAnalogs | null {
  if (history.length === 0) return null;
  const b = signals.basis;
  const basis = history.map((r) => r.headlineBasis);
  const s: Series = {
    days: history.map((r) => r.day),
    spot: history.map((r) => r.spot),
    basis,
    ma7: movingAverage(basis, 7),
    ma30: movingAverage(basis, 30),
  };
  // A live basis for a later day is today's reading, as in the signals (no close yet: spot repeats).
  if (b.source === 'snapshot' && b.level !== null && b.levelDay !== null && b.levelDay > s.days.at(-1)!) {
    s.days.push(b.levelDay);
    s.spot.push(s.spot.at(-1)!);
    s.basis.push(b.level);
    s.ma7.push(null);
    s.ma30.push(null);
  }
  const kinds: EventKind[] = ['below-zero', 'above-zero', 'band-reclaimed', 'band-lost', 'cross-below', 'cross-above'];
  // Day numbers once: parsing dates in the loops would cost more than the rest of the note.
  const dayNo = s.days.map((d) => Math.round(dayStart(d) / 86_400_000));
  const all = Object.fromEntries(kinds.map((k) => [k, turns(dayNo, sides(k, s, b.band), THRESHOLDS.recentDays)])) as Record<EventKind, number[]>;
  const now = currentEvent(signals, s, all);
  if (!now) return null;
  const phase = phases(s.spot);
  const closes = history.length; // forward windows end on real closes, never on the live point
  const kept: number[] = [];
  for (const i of all[now.kind]) {
    if (gapDays(s.days[i]!, s.days[now.at]!) < EPISODES.separationDays || i + EPISODES.horizonDays >= closes) continue;
    if (kept.length && gapDays(s.days[kept.at(-1)!]!, s.days[i]!) < EPISODES.separationDays) continue;
    kept.push(i);
  }
  const episodes = kept.map((i) => episodeAt(s, phase, i));
  const todayPhase = phase[history.length - 1] ?? null;
  const firstBasis = s.basis.findIndex((v) => v !== null);
  const searchedFrom = s.days[Math.max(0, firstBasis)]!;
  return {
    kind: now.kind,
    current: { day: s.days[now.at]!, basis: s.basis[now.at] ?? null, phase: todayPhase },
    episodes,
    stats: statsOf(now.kind, episodes, todayPhase),
    searchedFrom,
    recordDays: daysBetween(dayStart(searchedFrom), dayStart(s.days.at(-1)!)),
  };
}

function statsOf(kind: EventKind, episodes: Episode[], phase: Phase | null): EpisodeStats {
  const same = phase === null ? [] : episodes.filter((e) => e.phase === phase);
  const base = same.length >= EPISODES.minCases ? 'phase' : 'all';
  const cases = base === 'phase' ? same : episodes;
  const hit = BEARISH_EVENTS.includes(kind) ? (e: Episode) => e.outcome === 'bottom' : (e: Episode) => (e.forward30 ?? 0) > 0;
  return {
    base,
    cases: cases.length,
    hits: cases.filter(hit).length,
    samePhase: same.length,
    phased: episodes.filter((e) => e.phase !== null).length,
    deeper: episodes.filter((e) => e.outcome === 'deeper').length,
  };
}
