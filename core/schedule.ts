/**
 * Time-zone arithmetic for the daily brief, pure (Intl only, the instant is always passed in).
 *
 * A subscription says "HH:MM in an IANA zone". On most days that names exactly one instant; on a
 * spring-forward day it may name none (the brief then runs at the first minute after the gap) and on
 * a fall-back day it may name two (the brief runs at the first). Every local day therefore has
 * exactly one due instant, which is what lets the delivery ledger key a brief by its local date.
 */
import { DAY_MS as DAY, addDays, dayOf } from './calendar.js';
import { outboxKey } from './ports.js';
import type { BriefSubscription, Destination } from './ports.js';

/** Result-shaped like commands/types.ts `Result`, declared here because core imports nothing above it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; example: string };

const MINUTE = 60_000;

// Building a DateTimeFormat costs far more than using one; the scheduler asks the same zones every tick.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock reading in `tz` at `instant`, written as if it were a UTC instant. */
function wallClock(instant: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(instant)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** The local calendar date ('YYYY-MM-DD') in `tz` at `now`. */
export function localDate(now: number, tz: string): string {
  const wall = wallClock(now, tz);
  return dayOf(wall - (wall % DAY));
}


/**
 * The instant (epoch ms) at which `time` ('HH:MM') happens on `localDay` in `tz`: the first of two
 * when clocks fall back, the first minute after the gap when they spring forward.
 */
export function dueInstant(localDay: string, time: string, tz: string): number {
  const target = Date.parse(`${localDay}T${time}:00Z`); // the wall reading we want, as if UTC
  // Any DST change near the target lies within a day of it, so the offsets a day either side are
  // the only ones the target can have.
  const candidates = [target - DAY, target, target + DAY]
    .map((probe) => target - (wallClock(probe, tz) - probe))
    .filter((t) => wallClock(t, tz) === target)
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return candidates[0];
  // A gap: find the first minute whose wall reading is past the target (clocks only jump forward here).
  let lo = target - 2 * DAY;
  let hi = target + 2 * DAY;
  lo -= lo % MINUTE;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
    if (wallClock(mid, tz) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The next instant strictly after `now` at which this subscription's brief is due. */
export function nextBriefTime(sub: Pick<BriefSubscription, 'time' | 'timezone'>, now: number): number {
  const today = localDate(now, sub.timezone);
  for (const offset of [0, 1, 2]) {
    const due = dueInstant(addDays(today, offset), sub.time, sub.timezone);
    if (due > now) return due;
  }
  // Unreachable for real zones (a local day is never more than ~26 hours), kept total for the type.
  return dueInstant(addDays(today, 3), sub.time, sub.timezone);
}

/** The outbox key of a daily brief: one per destination per local date, whatever its assets. */
export function briefKey(dest: Destination, localDay: string): string {
  return outboxKey({ kind: 'brief', destination: dest, slot: localDay });
}

/** '7:30', '07:30' → '07:30'. */
export function parseTime(input: string): Parsed<string> {
  const m = /^(\d{1,2}):(\d{2})$/.exec(input.trim());
  const hours = m ? Number(m[1]) : NaN;
  const minutes = m ? Number(m[2]) : NaN;
  if (!(hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59)) {
    return { ok: false, error: `"${input}" is not a time of day. Use 24-hour HH:MM, from 00:00 to 23:59.`, example: '07:30' };
  }
  return { ok: true, value: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` };
}

/** 'EST', 'CET', 'EST5EDT': zone names that are abbreviations, not places. */
const ABBREVIATION = /^[a-z]{3}(\d{1,2}[a-z]{3})?$/i;

/**
 * The abbreviations that are zones of the tz database itself: fixed offsets (EST, MST, HST) or one
 * region's rules (CET, EST5EDT). ICU takes many more, Java's old aliases, that are not what people
 * mean by them — BST is Dhaka there, not London — so those are refused with the places they name.
 */
const TZDATA_ABBREVIATIONS = new Set(['UTC', 'GMT', 'UCT', 'EST', 'MST', 'HST', 'CET', 'EET', 'WET', 'MET', 'EST5EDT', 'CST6CDT', 'MST7MDT', 'PST8PDT']);

/** Abbreviations people write that are no zone of the tz database (a season's name, or several places'), and the places most often meant. */
const AMBIGUOUS_ABBREVIATIONS: Record<string, string> = {
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MDT: 'America/Denver',
  CST: 'America/Chicago or Asia/Shanghai',
  CDT: 'America/Chicago',
  EDT: 'America/New_York',
  AST: 'America/Halifax or Asia/Riyadh',
  BST: 'Europe/London',
  IST: 'Asia/Kolkata, Europe/Dublin or Asia/Jerusalem',
  CEST: 'Europe/Berlin',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  GST: 'Asia/Dubai',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
};

/**
 * How a typed word without a slash reads as a zone: 'zone' for names no asset shares (UTC and its
 * aliases, Z, POSIX-style names such as EST5EDT); 'abbreviation' for EST, CET, PST and the like,
 * which an asset may share; null for any other word.
 */
export function zoneKindOf(token: string): 'zone' | 'abbreviation' | null {
  const upper = token.trim().toUpperCase();
  if (/^(UTC|GMT|UCT|Z|[A-Z]{3}\d{1,2}[A-Z]{3})$/.test(upper)) return 'zone';
  return TZDATA_ABBREVIATIONS.has(upper) || upper in AMBIGUOUS_ABBREVIATIONS ? 'abbreviation' : null;
}

/** Any zone Intl knows, in any letter case → its canonical IANA name ('europe/berlin' → 'Europe/Berlin'). */
export function parseTimezone(input: string): Parsed<string> {
  // 'Z' is how ISO 8601 writes UTC; Intl does not take it as a zone name.
  const name = /^z$/i.test(input.trim()) ? 'UTC' : input.trim();
  const refuse: Parsed<string> = {
    ok: false,
    error: `"${input}" is not a time zone I know. Use an IANA name such as Europe/Berlin, America/New_York or UTC.`,
    example: 'Europe/Berlin',
  };
  const upper = name.toUpperCase();
  const abbreviation = (meant: string | undefined): Parsed<string> => ({
    ok: false,
    error: `"${input}" is an abbreviation, not a time zone: it does not say which place's clock, and daylight saving, to follow. Use the place's zone, such as ${meant ?? 'Europe/London or America/New_York'}.`,
    example: meant?.split(/,| or /)[0]!.trim() ?? 'Europe/London',
  });
  if (upper in AMBIGUOUS_ABBREVIATIONS) return abbreviation(AMBIGUOUS_ABBREVIATIONS[upper]);
  if (name === '') return refuse;
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // ICU also takes Java's old three-letter aliases (ACT, CAT, PRT): not zones of the tz database.
    if (ABBREVIATION.test(name) && !TZDATA_ABBREVIATIONS.has(upper)) return abbreviation(undefined);
    // ICU files an abbreviation under a city ('EST' → 'America/Panama'): keep the name the user knows.
    return { ok: true, value: ABBREVIATION.test(name) && canonical.includes('/') ? name.toUpperCase() : canonical };
  } catch {
    return refuse;
  }
}

/**
 * For a zone written as an abbreviation with one offset all year ('EST' → 'GMT-05:00'), that
 * offset; null for places and for zones with daylight saving. EST is not New York time in summer.
 */
export function fixedOffsetAbbreviation(timezone: string, now: number): string | null {
  if (timezone.includes('/') || timezone === 'UTC') return null;
  const year = new Date(now).getUTCFullYear();
  const offset = (at: number) =>
    new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? null;
  const winter = offset(Date.UTC(year, 0, 15));
  return winter !== null && winter === offset(Date.UTC(year, 6, 15)) ? winter : null;
}
