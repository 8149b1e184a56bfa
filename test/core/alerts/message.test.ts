/**
 * The alert's exact text, on the real Binance history (test/fixtures/history.ts: real spot and
 * funding; the ~90-day basis derived from the real funding APR). The watcher is simulated by
 * dailyChecks(): three checks a minute apart after each daily close, so each check reads what
 * the note of that day says.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../core/analysis.js';
import { writeAlert } from '../../../core/alerts/message.js';
import { confidenceBadge } from '../../../core/narrative/confidence.js';
import { alertReadings } from '../../../core/alerts/readings.js';
import type { Transition } from '../../../core/alerts/transitions.js';
import { realHistory } from '../../fixtures/history.js';
import { dailyChecks, type DailyCheck } from './support.js';

const fired = (cs: DailyCheck[]) => cs.filter((c) => c.transitions.length > 0);
const alertOf = (c: DailyCheck, only?: Transition['kind'][]) =>
  writeAlert('Bitcoin', only ? c.transitions.filter((t) => only.includes(t.kind)) : c.transitions, c.analysis, c.readings);

describe('GIVEN the watcher through the February 2026 flip below zero, with the default 0%–2% band', () => {
  // Derived basis: +2.32% on 4 February, +1.66% on the 5th, −0.18% on the 6th (inside the ±0.25-point
  // dead band), −2.59% on the 7th. Funding (the day's rates summed × 365): +0.7% on 1 February,
  // −3.2% on the 2nd, +1.6% on the 5th, −10.5% on the 6th, −9.6% on the 7th.
  const cs = dailyChecks('2026-01-20', '2026-02-07', [0, 0.02]);

  it('THEN each kind fires on the day its reading crossed its line, one seq per check that confirmed something', () => {
    expect(fired(cs).map((c) => [c.day, c.state.seq, c.transitions.map((t) => `${t.kind} ${t.from}→${t.to}`)])).toEqual([
      ['2026-01-26', 1, ['regime Bearish→Neutral']],
      ['2026-01-27', 2, ['cross below→above']],
      ['2026-02-01', 3, ['regime Neutral→Bearish']],
      ['2026-02-02', 4, ['funding positive→negative']],
      ['2026-02-03', 5, ['cross above→below']],
      ['2026-02-04', 6, ['funding negative→positive']],
      ['2026-02-05', 7, ['band above→not-above']],
      ['2026-02-06', 8, ['funding positive→negative']],
      ['2026-02-07', 9, ['basis positive→negative']],
    ]);
    expect(cs.find((c) => c.day === '2026-02-06')!.readings.basis, 'the 6th was below zero, but inside the dead band: no flip yet').toBeCloseTo(-0.00176, 5);
  });

  it('THEN the flip reads like the note: futures below spot, first time since October 2025, and where the basis was', () => {
    const flip = fired(cs).at(-1)!;
    expect(alertOf(flip)).toEqual({
      headline: 'Bitcoin futures flip below spot — first time since October 2025',
      lines: [
        'Basis −2.59% (was +1.66% at 2026-02-06 00:03 UTC) · seven-day avg +1.78% falling · 30-day avg +4.42% falling',
        'Funding −9.6% annualized · Bearish · 45% hit rate, 75 cases',
      ],
      label: 'Bearish',
      confidence: flip.analysis.note.confidence,
      tone: 'bearish',
      kinds: ['basis'],
    });
    // 45%: 27 of the 75 strong Bearish days replayed from 2024 whose outcome was known by 7 February
    // fell over the next 30 days (36%), shrunk toward the 48% base rate by 300 cases (core/replay;
    // counted again in test/core/narrative/confidence.test.ts).
    expect(flip.analysis.note.confidence, 'the alert states the note’s measured figure').toMatchObject({ label: 'Bearish', cases: 75, held: 27 });
    expect(flip.analysis.note.take, 'the note of the same check says the same').toBe(
      'Basis −2.59% · seven-day avg +1.78% falling · 30-day avg +4.42% falling — Bearish (45% hit rate, 75 cases): futures dipped below spot, first time since October 2025.',
    );
  });

  it('THEN the band, regime, cross and funding alerts each name their own change', () => {
    const on = (day: string) => alertOf(fired(cs).find((c) => c.day === day)!)!;
    expect([on('2026-02-05').headline, ...on('2026-02-05').lines]).toEqual([
      'Bitcoin futures basis falls into the 0%–2% band',
      'Basis +1.66% (was +2.32% at 2026-02-05 00:03 UTC) · seven-day avg +3.68% falling · 30-day avg +4.91% falling',
      'Funding 1.6% annualized · Bearish · 45% hit rate, 75 cases',
    ]);
    expect([on('2026-02-01').headline, ...on('2026-02-01').lines]).toEqual([
      'Bitcoin regime turns Bearish, from Neutral',
      'Basis +4.79% · seven-day avg +5.56% falling · 30-day avg +5.37% falling',
      'Funding 0.7% annualized · Bearish · 45% hit rate, 73 cases',
    ]);
    expect(on('2026-02-03').headline).toBe('Bitcoin basis seven-day average crosses below the 30-day');
    expect(on('2026-02-03').lines[0], 'the averages that crossed are on the line').toBe('Basis +2.73% · seven-day avg +4.75% falling · 30-day avg +5.16% falling');
    expect([on('2026-02-06').headline, on('2026-02-06').lines[1]]).toEqual([
      'Bitcoin funding turns negative',
      'Funding −10.5% annualized (was 1.6% at 2026-02-06 00:03 UTC) · Bearish · 45% hit rate, 75 cases',
    ]);
  });
});

describe('GIVEN the May 2026 recovery with a 0%–0.5% band: zero and the band top crossed on one day', () => {
  // Derived basis −1.42% on 11 May; −0.23% on the 12th, inside the ±0.25-point dead band around
  // zero but clearly under the 0.5% top; +1.42% on the 13th. Futures were last above spot on 12 April.
  const cs = dailyChecks('2026-05-01', '2026-05-13', [0, 0.005]);
  const recovery = fired(cs).at(-1)!;

  it('THEN one alert names both, the flip first', () => {
    expect(recovery.day).toBe('2026-05-13');
    expect(alertOf(recovery)).toEqual({
      headline: 'Bitcoin futures flip above spot — first time since April 2026',
      lines: [
        'Basis +1.42% (was −1.42% at 2026-05-12 00:03 UTC) · seven-day avg −1.56% rising · 30-day avg −3.16% falling',
        'Funding 4.6% annualized · Neutral · 63% hit rate, 136 cases',
        'Also: basis now above the 0%–0.5% band.',
      ],
      label: 'Neutral',
      confidence: recovery.analysis.note.confidence,
      tone: 'neutral',
      kinds: ['basis', 'band'],
    });
  });

  it('THEN, had every kind turned on that check, the "Also:" line would name the other four in order of importance', () => {
    const at = recovery.at;
    const all: Transition[] = [
      ...recovery.transitions,
      { kind: 'funding', from: 'negative', to: 'positive', at, value: recovery.readings.fundingApr!, was: { value: -0.0242, at: at - 3_600_000 } },
      { kind: 'cross', from: 'below', to: 'above', at, value: recovery.readings.ma7! - recovery.readings.ma30!, was: null },
      { kind: 'regime', from: 'Bearish', to: 'Neutral', at, value: recovery.readings.regime!.score, was: null },
    ];
    expect(writeAlert('Bitcoin', all, recovery.analysis, recovery.readings)!.lines.slice(1)).toEqual([
      'Funding 4.6% annualized (was −2.4% at 2026-05-13 23:03 UTC) · Neutral · 63% hit rate, 136 cases',
      'Also: basis now above the 0%–0.5% band; regime now Neutral, from Bearish; seven-day average now above the 30-day; funding now positive.',
    ]);
  });

  it('THEN a chat whose basis alerts are cooling down gets the band alone, with the band’s own "was"', () => {
    const band = alertOf(recovery, ['band'])!;
    expect(band.headline).toBe('Bitcoin futures basis climbs above the 0%–0.5% band — first time since April 2026');
    expect(band.lines[0], 'the last reading clearly under the top was the 12th’s −0.23%').toBe(
      'Basis +1.42% (was −0.23% at 2026-05-13 00:03 UTC) · seven-day avg −1.56% rising · 30-day avg −3.16% falling',
    );
    expect(band.kinds).toEqual(['band']);
  });
});

describe('saying less rather than something unbacked', () => {
  it('GIVEN history that starts in January 2026 THEN "first time" says how much record there is, and the missing 30-day average is left out', () => {
    const cs = dailyChecks('2026-02-01', '2026-02-07', [0, 0.02], '2026-01-10');
    const flip = fired(cs).find((c) => c.transitions.some((t) => t.kind === 'basis'))!;
    const alert = alertOf(flip)!;
    expect(alert.headline, 'the record, not the market, ends the search: say how long it is (10 January to the 6 February flip)').toBe(
      'Bitcoin futures flip below spot — first time in the 27 days on record',
    );
    expect(alert.lines[0], '29 days of history hold no 30-day average').toBe('Basis −2.59% (was +1.66% at 2026-02-06 00:03 UTC) · seven-day avg +1.78% falling');
  });

  it('GIVEN an asset without dated futures THEN the alert has no basis line, and only funding and the regime can fire', () => {
    const noBasis = (to: string) => {
      const a = analyze({ asset: 'BTC', history: realHistory('2024-01-01', to).map((r) => ({ ...r, headlineBasis: null })), snapshot: null, band: [0, 0.02] });
      return { a, r: alertReadings(a, [0, 0.02]) };
    };
    const { a, r } = noBasis('2026-02-02');
    expect([r.basis, r.ma7, r.ma30], 'nothing to read').toEqual([null, null, null]);
    const t: Transition = { kind: 'funding', from: 'positive', to: 'negative', at: Date.parse('2026-02-03T00:03:00Z'), value: r.fundingApr!, was: { value: 0.00685, at: Date.parse('2026-02-02T00:03:00Z') } };
    const alert = writeAlert('Bitcoin', [t], a, r)!;
    expect(alert.headline).toBe('Bitcoin funding turns negative');
    expect(alert.lines, 'the badge is the note’s, measured on this basis-less history').toEqual([`Funding −3.2% annualized (was 0.7% at 2026-02-02 00:03 UTC) · ${confidenceBadge(a.note.confidence)}`]);
  });

  it('GIVEN a transition the readings no longer back THEN it is left out, and with nothing left there is no alert', () => {
    const flip = fired(dailyChecks('2026-02-05', '2026-02-07', [0, 0.02])).at(-1)!;
    const stale: Transition = { kind: 'regime', from: 'Bearish', to: 'Bullish', at: flip.at, value: 0.3, was: null };
    const alert = writeAlert('Bitcoin', [stale, ...flip.transitions], flip.analysis, flip.readings)!;
    expect([alert.headline, ...alert.lines].join(' '), 'the note says Bearish').not.toMatch(/Bullish/);
    expect(alert.kinds).toEqual(['basis']);
    expect(writeAlert('Bitcoin', [stale], flip.analysis, flip.readings)).toBeNull();
    expect(writeAlert('Bitcoin', [], flip.analysis, flip.readings)).toBeNull();
  });

  it('every figure in every alert of two years is one the note of the same check also states', () => {
    // The property the note's own tests check, for the alert: its numbers are the note's numbers,
    // except a "was" figure, which is the watcher's own earlier reading.
    const cs = fired(dailyChecks('2025-06-01', '2026-06-30', [0, 0.02]));
    expect(cs.length, 'a year of transitions to check').toBeGreaterThan(30);
    for (const c of cs) {
      const alert = alertOf(c)!;
      const text = [alert.headline, ...alert.lines].join('\n').replace(/\(was [^)]*\)/g, '');
      const note = [c.analysis.note.take, c.analysis.note.paragraph, c.analysis.note.rationale, c.analysis.note.headline].join('\n');
      for (const figure of text.match(/[+−]?\d+(?:\.\d+)?%/g) ?? []) {
        if (/^0%|^2%$/.test(figure)) continue; // the band's edges
        expect(note, `${c.day}: ${figure} in "${text}"`).toContain(figure.replace(/^\+/, ''));
      }
    }
  });
});
