/**
 * Which local days of a subscription have come due by `now`. Asked for every subscription on every
 * tick, so the due instants are memoised: Intl formatting is the expensive part, and a day's due
 * instant never changes.
 */
import { addDays } from '../../core/calendar.js';
import { dueInstant } from '../../core/schedule.js';
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
  // zone|time → local day → due instant
  const memo = new Map<string, Map<string, number>>();
  // UTC offsets lie within ±14 h, so a local date is within a day of the UTC date; look back far
  // enough to cover the lookback too.
  const daysBack = Math.ceil(lookbackMs / DAY) + 1;

  let cachedFor = NaN;
  let cachedDays: string[] = [];
  const candidateDays = (now: number): string[] => {
    const utcDay = Math.floor(now / DAY);
    if (utcDay !== cachedFor) {
      const today = new Date(utcDay * DAY).toISOString().slice(0, 10);
      cachedDays = [];
      for (let n = -daysBack; n <= 1; n++) cachedDays.push(addDays(today, n));
      cachedFor = utcDay;
    }
    return cachedDays;
  };

  return {
    /**
     * The due days at `now`, per subscription: local days whose brief is due in (now − lookback, now]
     * and not before the subscription existed.
     */
    at(now: number): (sub: Pick<BriefSubscription, 'time' | 'timezone' | 'createdAt'>) => DueDay[] {
      const days = candidateDays(now);
      return (sub) => {
        const out: DueDay[] = [];
        const slot = `${sub.timezone}|${sub.time}`;
        let byDay = memo.get(slot);
        if (!byDay) memo.set(slot, (byDay = new Map()));
        for (const day of days) {
          let dueAt = byDay.get(day);
          if (dueAt === undefined) byDay.set(day, (dueAt = dueInstant(day, sub.time, sub.timezone)));
          if (dueAt <= now && dueAt > now - lookbackMs && dueAt >= sub.createdAt) out.push({ day, dueAt });
        }
        return out;
      };
    },
    /** Forget days that can no longer come due, so a long-running bot does not grow the memo. */
    prune(now: number): void {
      const oldest = addDays(new Date(now).toISOString().slice(0, 10), -daysBack - 1);
      for (const byDay of memo.values()) for (const day of byDay.keys()) if (day < oldest) byDay.delete(day);
    },
  };
}
