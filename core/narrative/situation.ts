/**
 * What is happening to the basis, in one word. The wording of the note follows the situation,
 * checked in this order: a fresh flip or reclaim is news before a trend is.
 */
import { THRESHOLDS as T } from '../regime/weights.js';
import type { BasisSignal, SideRun } from '../signals/types.js';

export type Situation =
  | 'flip-negative'
  | 'recovery'
  | 'flip-positive'
  | 'chop'
  | 'deepening'
  | 'discount'
  | 'collapse'
  | 'cooling'
  | 'building'
  | 'quiet'
  | 'no-basis';

const DAY = 86_400_000;

/**
 * Days the series spent on the other side before the current run began. Never on this side before:
 * every day of the record before the run (none when the run began with the record, which is then
 * no turn at all).
 */
export function daysAway(run: SideRun): number {
  const from = run.lastBefore === null ? Date.parse(run.searchedFrom) - DAY : Date.parse(run.lastBefore);
  return Math.round((Date.parse(run.startedOn) - from) / DAY) - 1;
}

/** A run that began recently after a real stay on the other side (not a wiggle across the line). */
const freshTurn = (run: SideRun | null, withinDays: number): boolean =>
  run !== null && run.length <= withinDays && daysAway(run) >= T.recentDays;

export function situationOf(b: BasisSignal): Situation {
  if (b.level === null) return 'no-basis';
  if (b.sign?.side === 'negative' && freshTurn(b.sign, T.recentDays)) return 'flip-negative';
  if (b.bandRun?.side === 'above' && freshTurn(b.bandRun, 30) && b.dir7 !== 'falling') return 'recovery';
  if (b.sign?.side === 'positive' && freshTurn(b.sign, T.recentDays)) return 'flip-positive';
  // Averages crossing back and forth while not trending together: no direction to report.
  if (b.crossCount30 >= 2 && !(b.dir7 === b.dir30 && b.dir7 !== 'flat')) return 'chop';
  if (b.level < b.band[0]) return b.dir7 === 'falling' ? 'deepening' : 'discount';
  if (b.dir7 === 'falling' && b.ma7 !== null && b.ma7MonthAgo !== null && b.ma7MonthAgo - b.ma7 >= T.collapseDrop) {
    return 'collapse';
  }
  if (b.dir7 === 'falling' && b.dir30 === 'falling') return 'cooling';
  if (b.dir7 === 'rising' && b.dir30 === 'rising') return 'building';
  return 'quiet';
}
