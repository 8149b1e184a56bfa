import { describe, expect, it } from 'vitest';
import { selectForChat } from '../../../core/alerts/select.js';
import { DEFAULT_LEVELS, type AlertKind, type AlertLevels } from '../../../core/alerts/types.js';
import { MINUTE, T0 } from './support.js';

const COOLDOWN = 240 * MINUTE;
const confirmed = (...kinds: AlertKind[]) => kinds.map((kind) => ({ kind }));
const levels = (over: Partial<AlertLevels>): AlertLevels => ({ ...DEFAULT_LEVELS, ...over });

describe('selectForChat: what one chat gets of an asset’s confirmed transitions', () => {
  it('every confirmed kind, in order of importance, as one message with sound', () => {
    expect(selectForChat(confirmed('regime', 'basis', 'band'), DEFAULT_LEVELS, {}, T0, COOLDOWN)).toEqual({ kinds: ['basis', 'band', 'regime'], silent: false });
  });

  it("a kind set to 'off' is dropped; when nothing is left there is no message", () => {
    expect(selectForChat(confirmed('basis', 'band'), levels({ band: 'off' }), {}, T0, COOLDOWN)).toEqual({ kinds: ['basis'], silent: false });
    expect(selectForChat(confirmed('funding'), levels({ funding: 'off' }), {}, T0, COOLDOWN), 'nothing to say').toBeNull();
    expect(selectForChat([], DEFAULT_LEVELS, {}, T0, COOLDOWN)).toBeNull();
  });

  it("the message is silent only when every kind in it is 'silent'", () => {
    expect(selectForChat(confirmed('basis', 'band'), levels({ basis: 'silent', band: 'silent' }), {}, T0, COOLDOWN)).toEqual({ kinds: ['basis', 'band'], silent: true });
    expect(selectForChat(confirmed('basis', 'band'), levels({ band: 'silent' }), {}, T0, COOLDOWN), 'the basis flip still rings').toEqual({ kinds: ['basis', 'band'], silent: false });
    expect(selectForChat(confirmed('basis', 'band'), levels({ basis: 'off', band: 'silent' }), {}, T0, COOLDOWN)).toEqual({ kinds: ['band'], silent: true });
  });

  it('a kind never set is on (subscriptions stored before a kind existed)', () => {
    expect(selectForChat(confirmed('cross'), { basis: 'off' }, {}, T0, COOLDOWN)).toEqual({ kinds: ['cross'], silent: false });
  });

  it('within the cool-down a kind does not alert again, in either direction; other kinds still do', () => {
    const last = { basis: T0 - 239 * MINUTE };
    expect(selectForChat(confirmed('basis', 'funding'), DEFAULT_LEVELS, last, T0, COOLDOWN), 'the basis alerted 239 minutes ago').toEqual({ kinds: ['funding'], silent: false });
    expect(selectForChat(confirmed('basis'), DEFAULT_LEVELS, last, T0, COOLDOWN)).toBeNull();
  });

  it('the cool-down ends exactly cooldownMs after the last alert', () => {
    expect(selectForChat(confirmed('basis'), DEFAULT_LEVELS, { basis: T0 - COOLDOWN }, T0, COOLDOWN)).toEqual({ kinds: ['basis'], silent: false });
    expect(selectForChat(confirmed('basis'), DEFAULT_LEVELS, { basis: T0 - COOLDOWN + 1 }, T0, COOLDOWN)).toBeNull();
  });

  it('a transition listed twice is named once', () => {
    expect(selectForChat(confirmed('basis', 'basis'), DEFAULT_LEVELS, {}, T0, COOLDOWN)).toEqual({ kinds: ['basis'], silent: false });
  });
});
