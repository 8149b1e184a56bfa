/**
 * Named option values (Discord) → command input: each value is what its option says, never guessed
 * from its shape, while the text parsers (Telegram, console) keep reading arguments by shape.
 */
import { describe, expect, it } from 'vitest';
import { alertsCommand } from '../../commands/alerts.js';
import { basisCommand } from '../../commands/basis.js';
import { parseSubscribe, parseSubscribeOptions } from '../../commands/subscribe.js';
import { unsubscribeCommand } from '../../commands/unsubscribe.js';
import { fixedOffsetAbbreviation, parseTimezone } from '../../core/schedule.js';

const brief = (values: Record<string, string>) => parseSubscribeOptions({ subcommand: 'brief', values });

describe('/subscribe options', () => {
  it('a timezone option without a slash is a timezone (EST, UTC), where the text parser would read an asset', () => {
    expect(brief({ timezone: 'EST' })).toEqual({ ok: true, value: { kind: 'brief', time: '08:00', timezone: 'EST', assets: null } });
    expect(brief({ timezone: 'utc', time: '7.30' })).toEqual({ ok: true, value: { kind: 'brief', time: '07:30', timezone: 'UTC', assets: null } });
    expect(parseSubscribe(['brief', 'EST']), 'typed, EST is decided once the assets are known').toEqual({
      ok: true,
      value: { kind: 'brief', time: '08:00', timezone: 'UTC', assets: null, zoneWord: 'EST' },
    });
    expect(parseSubscribe(['brief', 'Europe/Berlin', 'EST']), 'beside a zone it can only be an asset').toEqual({
      ok: true,
      value: { kind: 'brief', time: '08:00', timezone: 'Europe/Berlin', assets: ['EST'] },
    });
    expect(parseSubscribe(['brief', 'gmt']), 'UTC and its aliases are zones, never assets').toMatchObject({ ok: true, value: { timezone: 'UTC', assets: null } });
  });

  it('a time option is a time, an assets option holds assets', () => {
    expect(brief({ time: 'Asia/Tokyo' })).toMatchObject({ ok: false, error: '"Asia/Tokyo" is not a time of day. Use 24-hour HH:MM, from 00:00 to 23:59.' });
    expect(brief({ assets: '07:30' })).toMatchObject({ ok: false, error: '"07:30" is not an asset symbol: use letters and digits, like BTC or ETH.' });
    expect(brief({ assets: 'btc,eth  sol, btc' })).toMatchObject({ ok: true, value: { assets: ['BTC', 'ETH', 'SOL'] } });
    expect(brief({ assets: 'A B C D E F' })).toMatchObject({ ok: false, error: 'At most 5 assets at once.' });
  });

  it('alerts take only assets', () => {
    expect(parseSubscribeOptions({ subcommand: 'alerts', values: { assets: 'eth' } })).toEqual({ ok: true, value: { kind: 'alerts', assets: ['ETH'] } });
  });
});

describe('the other commands', () => {
  it('/basis asset holds one asset, never two', () => {
    expect(basisCommand.parseOptions!({ subcommand: null, values: { asset: ' eth ' } })).toEqual({ ok: true, value: { asset: 'ETH' } });
    expect(basisCommand.parseOptions!({ subcommand: null, values: {} })).toEqual({ ok: true, value: { asset: null } });
    expect(basisCommand.parseOptions!({ subcommand: null, values: { asset: 'BTC ETH' } }).ok).toBe(false);
  });

  it('/alerts kind and level by name, in either order of filling in', () => {
    expect(alertsCommand.parseOptions!({ subcommand: null, values: { level: 'silent', kind: 'all' } })).toMatchObject({ ok: true, value: { action: 'set', level: 'silent' } });
    expect(alertsCommand.parseOptions!({ subcommand: null, values: { kind: 'silent' } }), 'a level in the kind option is not a kind').toMatchObject({ ok: false });
    expect(alertsCommand.parseOptions!({ subcommand: null, values: {} })).toEqual({ ok: true, value: { action: 'view' } });
  });

  it('/unsubscribe what', () => {
    expect(unsubscribeCommand.parseOptions!({ subcommand: null, values: { what: 'alerts' } })).toEqual({ ok: true, value: { what: 'alerts' } });
  });
});

describe('parseTimezone', () => {
  it('keeps an abbreviation as typed instead of the city ICU files it under', () => {
    expect(parseTimezone('est')).toEqual({ ok: true, value: 'EST' });
    expect(parseTimezone('CET')).toEqual({ ok: true, value: 'CET' });
    expect(parseTimezone('GMT'), 'an alias of UTC reads as UTC').toEqual({ ok: true, value: 'UTC' });
    expect(parseTimezone('europe/berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
    expect(parseTimezone('EST5EDT')).toEqual({ ok: true, value: 'EST5EDT' });
  });

  it('refuses the abbreviations that are not tz database zones, naming the place people mean', () => {
    expect(parseTimezone('bst'), 'ICU reads BST as Asia/Dhaka').toMatchObject({ ok: false, error: expect.stringContaining('such as Europe/London'), example: 'Europe/London' });
    expect(parseTimezone('CEST'), 'Intl does not know it at all').toMatchObject({ ok: false, example: 'Europe/Berlin' });
    expect(parseTimezone('IST')).toMatchObject({ ok: false, error: expect.stringContaining('Asia/Kolkata, Europe/Dublin or Asia/Jerusalem'), example: 'Asia/Kolkata' });
    expect(parseTimezone('ACT'), "one of Java's old aliases that ICU takes").toMatchObject({ ok: false, error: expect.stringMatching(/^"ACT" is an abbreviation, not a time zone/) });
    expect(parseTimezone('ABC'), 'not a zone at all').toMatchObject({ ok: false, error: expect.stringMatching(/is not a time zone I know/) });
  });
});

describe('fixedOffsetAbbreviation', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  it('names the offset of a zone written as an abbreviation only when it has no daylight saving', () => {
    expect(fixedOffsetAbbreviation('EST', now)).toBe('GMT-05:00');
    expect(fixedOffsetAbbreviation('HST', now)).toBe('GMT-10:00');
    expect(fixedOffsetAbbreviation('CET', now), 'CET follows the EU summer time').toBeNull();
    expect(fixedOffsetAbbreviation('EST5EDT', now)).toBeNull();
    expect(fixedOffsetAbbreviation('Asia/Tokyo', now), 'a place is its own local time').toBeNull();
    expect(fixedOffsetAbbreviation('UTC', now)).toBeNull();
  });
});
