import { describe, expect, it } from 'vitest';
import type { AlertReadings } from '../../../core/alerts/readings.js';
import { ALERT_RULES } from '../../../core/alerts/thresholds.js';
import { detectTransitions } from '../../../core/alerts/transitions.js';
import { ALERT_KINDS, type AlertKind, type AlertState } from '../../../core/alerts/types.js';
import { T0, MINUTE, calm, checks, regimeAt, settle } from './support.js';

const repeat = <T>(x: T, n: number): T[] => Array.from({ length: n }, () => x);
const fired = (cs: ReturnType<typeof checks>) => cs.flatMap((c, i) => c.transitions.map((t) => ({ check: i, kind: t.kind, from: t.from, to: t.to })));

/**
 * Each row moves one kind's reading across its line, well past the dead band, and nothing else.
 * The basis rows stay inside the 0%–2% band; the band rows stay above zero.
 */
const ONE_KIND_MOVES: [AlertKind, Partial<AlertReadings>, Partial<AlertReadings>, string, string][] = [
  ['basis', { basis: 0.01 }, { basis: -0.01 }, 'positive', 'negative'],
  ['basis', { basis: -0.01 }, { basis: 0.01 }, 'negative', 'positive'],
  ['band', { basis: 0.01 }, { basis: 0.03 }, 'not-above', 'above'],
  ['band', { basis: 0.03 }, { basis: 0.01 }, 'above', 'not-above'],
  ['regime', { regime: regimeAt(0) }, { regime: regimeAt(-0.3) }, 'Neutral', 'Bearish'],
  ['regime', { regime: regimeAt(-0.3) }, { regime: regimeAt(0) }, 'Bearish', 'Neutral'],
  ['regime', { regime: regimeAt(0) }, { regime: regimeAt(0.3) }, 'Neutral', 'Bullish'],
  ['regime', { regime: regimeAt(0.3) }, { regime: regimeAt(-0.3) }, 'Bullish', 'Bearish'],
  ['cross', { ma7: 0.05, ma30: 0.04 }, { ma7: 0.03, ma30: 0.04 }, 'above', 'below'],
  ['cross', { ma7: 0.03, ma30: 0.04 }, { ma7: 0.05, ma30: 0.04 }, 'below', 'above'],
  ['funding', { fundingApr: 0.1 }, { fundingApr: -0.05 }, 'positive', 'negative'],
  ['funding', { fundingApr: -0.05 }, { fundingApr: 0.1 }, 'negative', 'positive'],
];

describe('each kind fires on its own transition and on nothing else', () => {
  it.each(ONE_KIND_MOVES)('%s: %o → %o fires %s → %s once, on its confirming check', (kind, before, after, from, to) => {
    const n = ALERT_RULES[kind].confirmations;
    const start = settle([calm(before)]);
    const cs = checks(repeat(calm(after), n + 5), start);
    expect(fired(cs), `only ${kind} moved, so only ${kind} fires, once, after ${n} checks`).toEqual([{ check: n - 1, kind, from, to }]);
    expect(cs.at(-1)!.state.kinds[kind]!.side, 'the new side is now the confirmed one').toBe(to);
  });

  it('a kind whose reading does not move never fires, whatever the others do', () => {
    const start = settle([calm()]);
    for (const kind of ALERT_KINDS) {
      const silent = ONE_KIND_MOVES.filter(([k]) => k !== kind).flatMap(([, before, after]) => [...repeat(calm(before), 3), ...repeat(calm(after), 3)]);
      expect(fired(checks(silent, start)).filter((t) => t.kind === kind), `${kind} never moved`).toEqual([]);
    }
  });
});

describe('alerts are for transitions, not for a state that already holds', () => {
  it('GIVEN no state for the asset THEN the first check records every side and fires nothing', () => {
    const d = detectTransitions(null, calm({ basis: -0.04, fundingApr: -0.1, regime: regimeAt(-0.7) }), T0);
    expect(d.transitions, 'a chat subscribing during a discount hears nothing until it changes').toEqual([]);
    expect(d.state.seq).toBe(0);
    expect(d.state.kinds.basis).toEqual({ side: 'negative', since: T0, candidate: null, count: 0, last: { value: -0.04, at: T0 } });
    expect(d.state.kinds.band!.side).toBe('not-above');
    expect(d.state.kinds.regime!.side).toBe('Bearish');
    expect(d.state.kinds.funding!.side).toBe('negative');
  });

  it('GIVEN a kind first seen later (its data was missing) THEN it is recorded, not alerted', () => {
    const start = settle([calm({ basis: null, ma7: null, ma30: null })]);
    expect(start.kinds.basis, 'no reading, no side').toBeUndefined();
    const cs = checks(repeat(calm({ basis: -0.03 }), 5), start);
    expect(fired(cs), 'the basis appearing below zero is not a flip').toEqual([]);
    expect(cs[0]!.state.kinds.basis!.side).toBe('negative');
  });

  it('GIVEN a first reading inside the dead band THEN its plain side is recorded, and leaving to the other side is a transition', () => {
    const start = settle([calm({ basis: 0.001 })]);
    expect(start.kinds.basis!.side, '+0.1% is above spot, if barely').toBe('positive');
    expect(fired(checks(repeat(calm({ basis: -0.01 }), 3), start))).toEqual([{ check: 2, kind: 'basis', from: 'positive', to: 'negative' }]);
  });
});

describe('the dead band and the confirmation count', () => {
  const above = settle([calm({ basis: 0.01 })]);
  const basisSeq = (xs: number[]) => fired(checks(xs.map((basis) => calm({ basis })), above)).filter((t) => t.kind === 'basis');

  it('readings inside ±0.25 points of zero never flip the basis, however long they last', () => {
    expect(basisSeq([-0.002, 0.002, -0.0024, -0.0025, -0.001, 0, -0.002, -0.002, -0.002])).toEqual([]);
  });

  it('two checks below zero are not enough; the third confirms', () => {
    expect(basisSeq([-0.003, -0.003])).toEqual([]);
    expect(basisSeq([-0.003, -0.003, -0.003])).toEqual([{ check: 2, kind: 'basis', from: 'positive', to: 'negative' }]);
  });

  it('a check back on the confirmed side starts the count again', () => {
    expect(basisSeq([-0.01, -0.01, 0.01, -0.01, -0.01]), 'the count restarted at the +1% check').toEqual([]);
    expect(basisSeq([-0.01, -0.01, 0.01, -0.01, -0.01, -0.01])).toEqual([{ check: 5, kind: 'basis', from: 'positive', to: 'negative' }]);
  });

  it('a check inside the dead band pauses the count: it neither counts nor restarts it', () => {
    expect(basisSeq([-0.01, -0.001, -0.01]), 'two checks outside the dead band so far').toEqual([]);
    expect(basisSeq([-0.01, -0.001, -0.01, -0.01])).toEqual([{ check: 3, kind: 'basis', from: 'positive', to: 'negative' }]);
    const paused = checks([calm({ basis: -0.01 }), calm({ basis: 0.001 })], above);
    expect(paused[1]!.state.kinds.basis, 'the dead-band check left the kind as it was').toEqual(paused[0]!.state.kinds.basis);
  });

  it('the band top has the same dead band: 1.8% and 2.2% against a 2% top say nothing', () => {
    const inside = settle([calm({ basis: 0.01 })]);
    const cs = checks([0.018, 0.022, 0.0224, 0.0176, 0.0226, 0.0226, 0.0226].map((basis) => calm({ basis })), inside);
    expect(fired(cs), 'only 2.26% is past 2% + 0.25 points').toEqual([{ check: 6, kind: 'band', from: 'not-above', to: 'above' }]);
  });

  it('the regime needs its score 0.05 past the label threshold: a label that flickers at the line does not alert', () => {
    const neutral = settle([calm({ regime: regimeAt(0) })]);
    const flicker = [-0.21, -0.19, -0.22, -0.2, -0.24, -0.21].map((s) => calm({ regime: regimeAt(s) }));
    expect(fired(checks(flicker, neutral)), 'labelled Bearish on four of six checks, never past −0.25').toEqual([]);
    expect(fired(checks(repeat(calm({ regime: regimeAt(-0.25) }), 3), neutral))).toEqual([{ check: 2, kind: 'regime', from: 'Neutral', to: 'Bearish' }]);
    const bearish = settle([calm({ regime: regimeAt(-0.5) })]);
    expect(fired(checks(repeat(calm({ regime: regimeAt(-0.17) }), 6), bearish)), 'labelled Neutral, but not 0.05 inside it').toEqual([]);
    expect(fired(checks(repeat(calm({ regime: regimeAt(-0.15) }), 3), bearish))).toEqual([{ check: 2, kind: 'regime', from: 'Bearish', to: 'Neutral' }]);
  });

  it('the 7/30 cross is confirmed on one check, since both averages move once a day, but not within 0.10 points', () => {
    const over = settle([calm({ ma7: 0.05, ma30: 0.04 })]);
    expect(fired(checks([calm({ ma7: 0.0395, ma30: 0.04 }), calm({ ma7: 0.0391, ma30: 0.04 })], over)), 'under the 30-day by less than 0.10 points').toEqual([]);
    expect(fired(checks([calm({ ma7: 0.0389, ma30: 0.04 })], over))).toEqual([{ check: 0, kind: 'cross', from: 'above', to: 'below' }]);
  });

  it('funding within ±1 point of zero is funding at rest, not a turn', () => {
    const positive = settle([calm({ fundingApr: 0.1 })]);
    expect(fired(checks(repeat(calm({ fundingApr: -0.009 }), 5), positive))).toEqual([]);
    expect(fired(checks(repeat(calm({ fundingApr: -0.011 }), 3), positive))).toEqual([{ check: 2, kind: 'funding', from: 'positive', to: 'negative' }]);
  });

  it('the rules can be passed in, so a deployment can tighten them', () => {
    const strict = { ...ALERT_RULES, basis: { ...ALERT_RULES.basis, confirmations: 1 } };
    const d = detectTransitions(above, calm({ basis: -0.01 }), T0 + MINUTE, strict);
    expect(d.transitions.map((t) => t.kind)).toEqual(['basis']);
  });
});

describe('missing readings', () => {
  it('a null reading leaves its kind exactly as it was: the count resumes where it stopped', () => {
    const before = checks([calm({ basis: 0.01 }), calm({ basis: -0.01 }), calm({ basis: -0.01 })]).at(-1)!.state;
    expect(before.kinds.basis, 'two of three confirming checks seen').toMatchObject({ side: 'positive', candidate: 'negative', count: 2 });
    const gap = detectTransitions(before, calm({ basis: null }), T0 + 10 * MINUTE);
    expect(gap.state.kinds.basis, 'the basis was missing on this check').toEqual(before.kinds.basis);
    expect(gap.transitions).toEqual([]);
    const next = detectTransitions(gap.state, calm({ basis: -0.01 }), T0 + 11 * MINUTE);
    expect(next.transitions.map((t) => t.kind)).toEqual(['basis']);
  });

  it('a regime scored on no data at all is no reading', () => {
    const start = settle([calm({ regime: regimeAt(-0.5) })]);
    const d = detectTransitions(start, calm({ regime: null }), T0 + MINUTE);
    expect(d.state.kinds.regime).toEqual(start.kinds.regime);
  });
});

describe('grouping and the outbox key', () => {
  // From +3% and Bullish (above the band's top, above zero) to −1% and Bearish: three kinds move at once.
  const high = calm({ basis: 0.03, regime: regimeAt(0.4) });
  const low = calm({ basis: -0.01, regime: regimeAt(-0.4) });

  it('transitions confirmed on the same check share one seq, in order of importance', () => {
    const start = settle([high]);
    const cs = checks(repeat(low, 3), start);
    expect(cs[2]!.transitions.map((t) => `${t.kind}:${t.from}→${t.to}`)).toEqual(['basis:positive→negative', 'band:above→not-above', 'regime:Bullish→Bearish']);
    expect(cs.map((c) => c.state.seq), 'the seq moves once, on the check that confirmed them').toEqual([0, 0, 1]);
    const back = checks(repeat(high, 3), cs[2]!.state, T0 + 10 * MINUTE);
    expect(back.map((c) => c.state.seq), 'the next group gets the next seq').toEqual([1, 1, 2]);
  });

  it('each transition says where its reading was: the last reading on the old side outside the dead band', () => {
    const start = checks([high, calm({ basis: 0.025, regime: regimeAt(0.4) }), calm({ basis: 0.001, regime: regimeAt(0.4) })]).at(-1)!.state;
    const t = detectTransitions(detectTransitions(detectTransitions(start, low, T0 + 5 * MINUTE).state, low, T0 + 6 * MINUTE).state, low, T0 + 7 * MINUTE).transitions;
    expect(t.find((x) => x.kind === 'basis')!.was, '+0.1% was inside the dead band; +2.5% was the last clear reading').toEqual({ value: 0.025, at: T0 + MINUTE });
    expect(t.find((x) => x.kind === 'basis')!.value).toBe(-0.01);
    expect(t.find((x) => x.kind === 'basis')!.at).toBe(T0 + 7 * MINUTE);
  });

  it('re-running the same check on the same state gives the same state, transitions and seq (a crash before the state was saved)', () => {
    const prev = checks([high, low, low]).at(-1)!.state;
    const once = detectTransitions(prev, low, T0 + 3 * MINUTE);
    const again = detectTransitions(structuredClone(prev), low, T0 + 3 * MINUTE);
    expect(again).toEqual(once);
    expect(once.state.seq).toBe(1);
  });

  it('a state stored before `last` existed still works; its transitions say nothing about where the reading was', () => {
    const old: AlertState = { version: 1, seq: 4, checkedAt: T0, kinds: { basis: { side: 'positive', since: T0, candidate: 'negative', count: 2 } } };
    const d = detectTransitions(old, calm({ basis: -0.01 }), T0 + MINUTE);
    expect(d.transitions).toEqual([{ kind: 'basis', from: 'positive', to: 'negative', at: T0 + MINUTE, value: -0.01, was: null }]);
    expect(d.state.seq).toBe(5);
    expect(JSON.parse(JSON.stringify(d.state)), 'the state is plain JSON, as the store keeps it').toEqual(d.state);
  });
});
