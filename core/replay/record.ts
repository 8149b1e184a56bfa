/**
 * The bot's own record: the calls it published (CallStore), each judged as the replay judges a
 * day — did spot move the called way over the next 30 days? — against the daily closes stored
 * since. A brief goes out at each chat's own time, so a day's briefs state one call: only the
 * first brief of each UTC day counts; every alert counts.
 */
import { DAY_MS, dayOf, lastCompleteDay } from '../calendar.js';
import type { PublishedCall } from '../ports.js';
import type { DailyReading, Day } from '../types.js';
import { HORIZON_DAYS, heldAs } from './outcome.js';

export interface JudgedCall extends PublishedCall {
  /** Spot now against spot at the call; null without a price now. */
  since: number | null;
  /** The daily close HORIZON_DAYS after the call against spot at the call; null until that close is stored. */
  outcome: number | null;
  /** Whether that move was the called way; null until the outcome is known. */
  held: boolean | null;
}

export interface RecordSummary {
  calls: number;
  briefs: number;
  alerts: number;
  /** The first call's day (UTC). */
  since: Day | null;
  /** Calls whose outcome is known, how many of them held, and the mean confidence they stated. */
  judged: number;
  held: number;
  meanStated: number | null;
}

/** The calls that count, newest first: every alert, and the first brief of each UTC day. */
export function countedCalls(calls: readonly PublishedCall[]): PublishedCall[] {
  const oldestFirst = [...calls].sort((a, b) => a.publishedAt - b.publishedAt || (a.key < b.key ? -1 : 1));
  const briefDays = new Set<Day>();
  const kept = oldestFirst.filter((c) => {
    if (c.kind !== 'brief') return true;
    const day = dayOf(c.publishedAt);
    return !briefDays.has(day) && briefDays.add(day);
  });
  return kept.reverse();
}

/** Each call with what spot did since (to `spotNow`) and, once stored, over the next 30 days. */
export function judgeCalls(calls: readonly PublishedCall[], history: readonly DailyReading[], spotNow: number | null): JudgedCall[] {
  const closes = new Map(history.map((r) => [r.day, r.spot]));
  return calls.map((c) => {
    const close = closes.get(lastCompleteDay(c.publishedAt + HORIZON_DAYS * DAY_MS));
    const outcome = close === undefined || !(c.spot > 0) ? null : close / c.spot - 1;
    return {
      ...c,
      since: spotNow === null || !(c.spot > 0) ? null : spotNow / c.spot - 1,
      outcome,
      held: outcome === null ? null : heldAs(c.label, outcome),
    };
  });
}

export function summarize(judged: readonly JudgedCall[]): RecordSummary {
  const known = judged.filter((c) => c.held !== null);
  const stated = known.map((c) => c.confidence).filter((x): x is number => x !== null);
  return {
    calls: judged.length,
    briefs: judged.filter((c) => c.kind === 'brief').length,
    alerts: judged.filter((c) => c.kind === 'alert').length,
    since: judged.length ? dayOf(Math.min(...judged.map((c) => c.publishedAt))) : null,
    judged: known.length,
    held: known.filter((c) => c.held).length,
    meanStated: stated.length ? stated.reduce((a, b) => a + b, 0) / stated.length : null,
  };
}
