/**
 * Which local days of a subscription have come due by `now`. Asked for every subscription on every
 * tick, so the due instants are memoised: Intl formatting is the expensive part, and a day's due
 * instant never changes.
 */
import { addDays, dueInstant } from '../../core/schedule.js';
import type { BriefSubscription } from '../../core/ports.js';

const DAY = 86_400_000;

export interface DueDay {
  day: string; // the subscription's local date
  dueAt: number;
}

/**
 * `lookbackMs` bounds how old a due instant may be and still be looked at. It must cover local
 * "yesterday" (a tick just after midnight, or after a stall) and the grace window.
 */
export function createDueCalendar(lookbackMs: number) {
  const memo = new Map<string, Map<string, number>>(); // UTC day of the candidate → key → instant
  // UTC offsets lie within ±14 h, so a local date is within a day of the UTC date; look back far
  // enough to cover the lookback too.
  const daysBack = Math.ceil(lookbackMs / DAY) + 1;

  const due = (day: string, time: string, tz: string): number => {
    let byKey = memo.get(day);
    if (!byKey) memo.set(day, (byKey = new Map()));
    const key = `${tz}|${time}`;
    let at = byKey.get(key);
    if (at === undefined) byKey.set(key, (at = dueInstant(day, time, tz)));
    return at;
  };

  return {
    /**
     * The due days at `now`, per subscription: local days whose brief is due in (now − lookback, now]
     * and not before the subscription existed.
     */
    at(now: number): (sub: Pick<BriefSubscription, 'time' | 'timezone' | 'createdAt'>) => DueDay[] {
      const utcToday = new Date(now).toISOString().slice(0, 10);
      const days: string[] = [];
      for (let n = -daysBack; n <= 1; n++) days.push(addDays(utcToday, n));
      return (sub) => {
        const out: DueDay[] = [];
        for (const day of days) {
          const dueAt = due(day, sub.time, sub.timezone);
          if (dueAt <= now && dueAt > now - lookbackMs && dueAt >= sub.createdAt) out.push({ day, dueAt });
        }
        return out;
      };
    },
    /** Forget days that can no longer come due, so a long-running bot does not grow the memo. */
    prune(now: number): void {
      const oldest = addDays(new Date(now).toISOString().slice(0, 10), -daysBack - 1);
      for (const day of memo.keys()) if (day < oldest) memo.delete(day);
    },
  };
}
