/**
 * Due instants were worked out by hand from the zones' 2026 rules (tzdata):
 * - Europe/Berlin CET +01 / CEST +02, changes 29 Mar 02:00→03:00 and 25 Oct 03:00→02:00.
 * - America/New_York EST −05 / EDT −04, changes 8 Mar 02:00→03:00 and 1 Nov 02:00→01:00.
 * - Europe/London GMT +00 / BST +01, changes 29 Mar 01:00→02:00 and 25 Oct 02:00→01:00.
 * - Australia/Lord_Howe +10:30 / +11, changes 5 Apr 02:00→01:30 and 4 Oct 02:00→02:30.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../core/calendar.js';
import { briefKey, dueInstant, localDate, nextBriefTime, parseTime, parseTimezone } from '../../core/schedule.js';

const utc = (iso: string) => Date.parse(iso);

describe('dueInstant: the instant a local HH:MM happens on a local date', () => {
  it.each([
    ['an ordinary winter day in Berlin (CET, +01)', '2026-01-15', '07:30', 'Europe/Berlin', '2026-01-15T06:30:00Z'],
    ['an ordinary summer day in Berlin (CEST, +02)', '2026-07-15', '07:30', 'Europe/Berlin', '2026-07-15T05:30:00Z'],
    ['Berlin 02:30 on spring-forward day: does not exist, runs at 03:00 CEST', '2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:00:00Z'],
    ['Berlin 02:30 on fall-back day: happens twice, runs at the first (CEST)', '2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T00:30:00Z'],
    ['New York 02:30 on 8 March: does not exist, runs at 03:00 EDT', '2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:00:00Z'],
    ['New York 01:30 on 1 November: repeats, runs at the first (EDT)', '2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00Z'],
    ['New York 01:30 the day after: once, in EST', '2026-11-02', '01:30', 'America/New_York', '2026-11-02T06:30:00Z'],
    ['London 01:30 on spring-forward day: runs at 02:00 BST', '2026-03-29', '01:30', 'Europe/London', '2026-03-29T01:00:00Z'],
    ['London 01:30 on fall-back day: first occurrence, BST', '2026-10-25', '01:30', 'Europe/London', '2026-10-25T00:30:00Z'],
    ['London in winter equals UTC', '2026-12-01', '08:00', 'Europe/London', '2026-12-01T08:00:00Z'],
    ['Lord Howe 02:15 inside the 30-minute gap: runs at 02:30 (+11)', '2026-10-04', '02:15', 'Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
    ['Lord Howe 02:00, the first missing minute: also 02:30', '2026-10-04', '02:00', 'Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
    ['Lord Howe 01:45 on the day it repeats: first, still +11', '2026-04-05', '01:45', 'Australia/Lord_Howe', '2026-04-04T14:45:00Z'],
    ['Lord Howe on a winter day (+10:30)', '2026-07-01', '07:30', 'Australia/Lord_Howe', '2026-06-30T21:00:00Z'],
  ])('%s', (_why, day, time, tz, expected) => {
    expect(new Date(dueInstant(day, time, tz)).toISOString(), `${day} ${time} ${tz}`).toBe(new Date(utc(expected)).toISOString());
  });
});

describe('localDate: the calendar date in a zone', () => {
  it('follows the zone, not UTC, across midnight', () => {
    const t = utc('2026-01-15T23:30:00Z');
    expect(localDate(t, 'Europe/Berlin'), 'Berlin is already past midnight').toBe('2026-01-16');
    expect(localDate(t, 'America/New_York'), 'New York is still in the evening').toBe('2026-01-15');
  });
  it('handles half-hour offsets to the minute (Lord Howe, +10:30 in winter)', () => {
    expect(localDate(utc('2026-06-30T13:29:00Z'), 'Australia/Lord_Howe'), '23:59 local').toBe('2026-06-30');
    expect(localDate(utc('2026-06-30T13:30:00Z'), 'Australia/Lord_Howe'), '00:00 local').toBe('2026-07-01');
  });
});

describe('nextBriefTime: when /settings says the next brief comes', () => {
  const sub = { time: '07:30', timezone: 'Europe/Berlin' };
  it('is today when the time has not come yet', () => {
    expect(nextBriefTime(sub, utc('2026-01-15T06:29:00Z')), 'one minute before').toBe(utc('2026-01-15T06:30:00Z'));
  });
  it('is tomorrow once the time has come (strictly after now)', () => {
    expect(nextBriefTime(sub, utc('2026-01-15T06:30:00Z')), 'at the due minute itself').toBe(utc('2026-01-16T06:30:00Z'));
  });
  it('lands on the first minute after a DST gap', () => {
    const ny = { time: '02:30', timezone: 'America/New_York' };
    expect(nextBriefTime(ny, utc('2026-03-07T08:00:00Z')), '02:30 does not exist on 8 March').toBe(utc('2026-03-08T07:00:00Z'));
  });
});

describe('keys and day arithmetic', () => {
  it('keys a brief by destination and local date: its outbox row', () => {
    const key = briefKey({ platform: 'telegram', chatId: '-1001234567890' }, '2026-01-15');
    expect(key, 'one row per chat per local date').toBe('brief:telegram:-1001234567890:2026-01-15');
  });
  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-12-31', 1), 'year end').toBe('2027-01-01');
    expect(addDays('2026-03-01', -1), 'February 2026 has 28 days').toBe('2026-02-28');
  });
});

describe('parseTime', () => {
  it.each([
    ['07:30', '07:30'],
    ['7:30', '07:30'],
    [' 23:59 ', '23:59'],
    ['00:00', '00:00'],
  ])('accepts %j as %s', (input, expected) => {
    expect(parseTime(input), 'a 24-hour HH:MM, normalised to two digits').toEqual({ ok: true, value: expected });
  });
  it.each(['24:00', '7:60', '730', 'noon', '', '07:30:00', '-1:30'])('refuses %j with an example of the right form', (input) => {
    const r = parseTime(input);
    expect(r.ok, 'not a valid time of day').toBe(false);
    if (!r.ok) expect(r.example, 'the user sees the right form').toBe('07:30');
  });
});

describe('parseTimezone', () => {
  it.each([
    ['europe/berlin', 'Europe/Berlin'],
    ['AMERICA/NEW_YORK', 'America/New_York'],
    ['australia/lord_howe', 'Australia/Lord_Howe'],
    ['utc', 'UTC'],
    ['Z', 'UTC'],
  ])('accepts %j in any case and returns the canonical %s', (input, expected) => {
    expect(parseTimezone(input), 'stored zones are canonical so they compare equal').toEqual({ ok: true, value: expected });
  });
  it.each(['Mars/Olympus_Mons', 'Berlin', '', 'Europe/Berlin/Mitte'])('refuses %j with an example', (input) => {
    const r = parseTimezone(input);
    expect(r.ok, 'Intl does not know it').toBe(false);
    if (!r.ok) {
      expect(r.example, 'an IANA name to copy').toBe('Europe/Berlin');
      expect(r.error, 'the message repeats what was typed').toContain(`"${input}"`);
    }
  });
});
