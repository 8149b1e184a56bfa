import { describe, expect, it } from 'vitest';
import { parseSubscribe } from '../../commands/subscribe.js';

const split = (s: string) => s.split(' ').filter(Boolean);

describe('/subscribe arguments', () => {
  it.each([
    ['brief', { kind: 'brief', time: '08:00', timezone: 'UTC', assets: null }],
    ['brief 07:30 Europe/Berlin', { kind: 'brief', time: '07:30', timezone: 'Europe/Berlin', assets: null }],
    ['brief 07:30 Europe/Berlin BTC ETH', { kind: 'brief', time: '07:30', timezone: 'Europe/Berlin', assets: ['BTC', 'ETH'] }],
    ['BRIEF eth 7:05 america/new_york', { kind: 'brief', time: '07:05', timezone: 'America/New_York', assets: ['ETH'] }],
    ['brief 21h15', { kind: 'brief', time: '21:15', timezone: 'UTC', assets: null }],
    ['alerts', { kind: 'alerts', assets: null }],
    ['alerts eth BTC eth', { kind: 'alerts', assets: ['ETH', 'BTC'] }],
  ])('%s', (text, expected) => {
    expect(parseSubscribe(split(text))).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', /brief or flip alerts|daily brief/],
    ['news', /daily brief or flip alerts/],
    ['brief 25:00', /time|hour|HH:MM/i],
    ['brief 07:30 Europe/Berln', /timezone|Europe\/Berlin/i],
    ['brief 07:30 08:00', /one time/],
    ['brief BTC-PERP', /neither a time/],
    ['alerts BTC-PERP', /not an asset symbol/],
    ['alerts A B C D E F', /At most 5 assets/],
  ])('refuses "%s" with a clear message and an example', (text, message) => {
    const r = parseSubscribe(split(text));
    expect(r.ok, 'malformed arguments are refused').toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(message);
      expect(r.example, 'every refusal shows the right form').toMatch(/^\/subscribe /);
    }
  });
});
