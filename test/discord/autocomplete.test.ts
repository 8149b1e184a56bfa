import { describe, expect, it } from 'vitest';
import { assetChoices, knownTimezones, timezoneChoices } from '../../bot/discord/autocomplete.js';

const known = ['BTC', 'ETH', 'ETC', 'SOL', 'BNB'];

describe('asset completions', () => {
  const cases: [string, string, boolean, string[]][] = [
    ['nothing typed: every asset, in the market order', '', false, ['BTC', 'ETH', 'ETC', 'SOL', 'BNB']],
    ['prefix, any case', 'et', false, ['ETH', 'ETC']],
    ['no match: no choices', 'XRP', false, []],
    ['variadic: earlier words kept, last completed', 'btc et', true, ['BTC ETH', 'BTC ETC']],
    ['variadic after a space: the rest, without repeats', 'BTC ', true, ['BTC ETH', 'BTC ETC', 'BTC SOL', 'BTC BNB']],
  ];
  it.each(cases)('%s', (_why, typed, variadic, expected) => {
    expect(assetChoices(known, typed, variadic).map((c) => c.value)).toEqual(expected);
  });

  it('at most 25 choices (Discord refuses more)', () => {
    const many = Array.from({ length: 40 }, (_, i) => `A${i}`);
    expect(assetChoices(many, 'A').length).toBe(25);
  });
});

describe('timezone completions', () => {
  it('names starting with the text come before names containing it', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Europe/London', 'UTC'];
    expect(timezoneChoices(zones, 'eu').map((c) => c.value)).toEqual(['Europe/Berlin', 'Europe/London']);
    expect(timezoneChoices(zones, 'lon').map((c) => c.value)).toEqual(['Europe/London']);
    expect(timezoneChoices(zones, 'york').map((c) => c.value), 'matches inside the name too').toEqual(['America/New_York']);
  });

  it('the runtime zone list starts with UTC and holds the usual zones', () => {
    const zones = knownTimezones();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Asia/Tokyo');
    expect(timezoneChoices(zones, '').length).toBe(25);
  });
});
