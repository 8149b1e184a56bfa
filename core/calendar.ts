/**
 * UTC day arithmetic and the Binance quarterly contract calendar. Pure: every function takes the
 * time it needs.
 */
import type { Day } from './types.js';

export const DAY_MS = 86_400_000;

export const dayOf = (ms: number): Day => new Date(ms).toISOString().slice(0, 10);
export const dayStart = (day: Day): number => Date.parse(`${day}T00:00:00Z`);
export const addDays = (day: Day, n: number): Day => dayOf(dayStart(day) + n * DAY_MS);
/** A daily candle for day D closes at D+1 00:00 UTC: the moment its close price holds. */
export const dayClose = (day: Day): number => dayStart(day) + DAY_MS;
/** The last day whose daily candle has closed at `now`. */
export const lastCompleteDay = (now: number): Day => addDays(dayOf(now), -1);

/** Last Friday of a month (0-based month), 08:00 UTC: Binance's quarterly delivery time. */
export function lastFriday0800(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const back = (lastDay.getUTCDay() - 5 + 7) % 7;
  return Date.UTC(year, month, lastDay.getUTCDate() - back, 8);
}

/** The next `count` quarterly expiries (Mar/Jun/Sep/Dec) strictly after `fromMs`, oldest first. */
export function quarterlyExpiries(fromMs: number, count: number): number[] {
  const out: number[] = [];
  const start = new Date(fromMs);
  let year = start.getUTCFullYear();
  let month = Math.floor(start.getUTCMonth() / 3) * 3 + 2; // the quarter's last month
  while (out.length < count) {
    const expiry = lastFriday0800(year, month);
    if (expiry > fromMs) out.push(expiry);
    month += 3;
    if (month > 11) {
      month -= 12;
      year += 1;
    }
  }
  return out;
}

/** Days between two instants, fractional. */
export const daysBetween = (fromMs: number, toMs: number): number => (toMs - fromMs) / DAY_MS;
