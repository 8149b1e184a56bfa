/**
 * Property: every figure in a note — numbers, percentages, prices, dates, month names with year —
 * is a formatted rendering of an input or a derived signal. Checked over many real windows.
 */
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../../core/analysis.js';
import { bandEdge, coinAmount, confidencePct, leverageRatio, longDate, monthYear, pct, price, ratio, signedPct, times, usd } from '../../../core/format.js';
import { calibrate } from '../../../core/replay/calibration.js';
import { NEUTRAL_BAND } from '../../../core/replay/outcome.js';
import { replayHistory } from '../../../core/replay/replay.js';
import { flipOnChainInput } from '../../fakes/coinmetrics/scenario.js';
import { EPISODES } from '../../../core/episodes.js';
import { THRESHOLDS } from '../../../core/regime/weights.js';
import { daysBetween, LAST_CME_DAY, realHistory } from '../../fixtures/history.js';
import { createFixtureMarket } from '../../support/fixtureMarket.js';

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const LONG_DATE = new RegExp(`\\b\\d{1,2} ${MONTH} \\d{4}\\b`, 'g');
const MONTH_YEAR = new RegExp(`\\b${MONTH} \\d{4}\\b`, 'g');
const NUMBER = /[+\u2212-]?\$?\d+(?:,\d{3})*(?:\.\d+)?[%BM]?/g;
/** The analysis windows (7-, 30-, 90- and 200-day) are settings, not data. */
const WINDOWS = new Set(['7', '30', '90', '200']);
const DAY_MS = 86_400_000;

function allowedRenderings(a: Analysis, band: readonly [number, number], extra: unknown[]): Set<string> {
  const estimate = a.confidence.estimate;
  const out = new Set<string>([bandEdge(band[0]), bandEdge(band[1]), ...(estimate === null ? [] : [confidencePct(estimate)])]);
  const visit = (v: unknown): void => {
    if (typeof v === 'number' && Number.isFinite(v)) {
      for (const x of [v, -v, 1 - v]) {
        for (let d = 0; d <= 3; d++) out.add(pct(x, d)).add(signedPct(x, d));
        out.add(price(x)).add(usd(x)).add(ratio(x)).add(x.toFixed(2));
        // On-chain figures: coins ('31,200 BTC'), the leverage ratio ('0.037'), a multiple ('2.2 times').
        out.add(coinAmount(x, 'X').slice(0, -2)).add(leverageRatio(x)).add(times(x));
        if (Number.isInteger(x)) out.add(String(x)).add(x.toLocaleString('en-US'));
        // A live quote in USDT ('62,910 USDT'), whole.
        out.add(Math.round(x).toLocaleString('en-US'));
      }
    } else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
      out.add(monthYear(v)).add(longDate(v));
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      // A side run or the event record: 'in the 4 years on record' counts the record it searched.
      const o = v as { searchedFrom?: unknown; startedOn?: unknown; recordDays?: unknown };
      const span = typeof o.recordDays === 'number' ? o.recordDays : typeof o.searchedFrom === 'string' && typeof o.startedOn === 'string' ? (Date.parse(o.startedOn) - Date.parse(o.searchedFrom)) / DAY_MS : null;
      if (span !== null) out.add(String(Math.round(span))).add(String(Math.floor(span / 365)));
      Object.values(v).forEach(visit);
    }
  };
  // The measured confidence: its cases, base rate and the replayed days it rests on, and the Neutral band.
  visit([a.signals, a.analogs, a.confidence, a.calibration?.days ?? null, NEUTRAL_BAND, extra]);
  // The event analogs: episodes, their count and stats; the thresholds the words name (ordinary carry, a deeper fall).
  visit([a.events, a.events?.episodes.length ?? null, THRESHOLDS.neutralCarry, EPISODES.deeperFall]);
  return out;
}

function figuresIn(text: string): string[] {
  const dates = [...text.matchAll(LONG_DATE)].map((m) => m[0]);
  let rest = text.replace(LONG_DATE, ' ');
  const months = [...rest.matchAll(MONTH_YEAR)].map((m) => m[0]);
  rest = rest.replace(MONTH_YEAR, ' ');
  return [...dates, ...months, ...[...rest.matchAll(NUMBER)].map((m) => m[0])];
}

function check(a: Analysis, band: readonly [number, number], extra: unknown[] = []): number {
  const allowed = allowedRenderings(a, band, extra);
  const n = a.note;
  let count = 0;
  for (const text of [n.headline, n.paragraph, n.confidenceLine, n.rationale, n.changeView, n.take, n.precedent ?? '', ...n.context, ...n.analogLines, ...n.episodeLines]) {
    for (const fig of figuresIn(text)) {
      if (WINDOWS.has(fig)) continue;
      expect(allowed.has(fig), `"${fig}" in "${text}" must come from the data`).toBe(true);
      count++;
    }
  }
  return count;
}

describe('every figure in the note comes from the data', () => {
  it('over 40 real two-year windows ending between 2023 and 2026', () => {
    const ends = daysBetween('2023-01-05', '2026-07-31').filter((_, i) => i % 32 === 0);
    let figures = 0;
    const band = [0, 0.005] as const;
    // One replay of the whole history; each window's confidence is read from the days known by its end.
    const replayed = replayHistory(realHistory('2021-01-01', '2026-07-31'), band);
    for (const end of ends) {
      const from = new Date(Date.parse(end) - 730 * 86_400_000).toISOString().slice(0, 10);
      const history = realHistory(from < '2021-01-01' ? '2021-01-01' : from, end);
      figures += check(analyze({ asset: 'BTC', history, snapshot: null, band, calibration: calibrate(replayed, end) }), band);
    }
    expect(ends.length).toBeGreaterThanOrEqual(40);
    expect(figures, 'the notes are full of figures, all checked').toBeGreaterThan(ends.length * 15);
  });

  it('over 40 windows of 1,500 days on the real CME dated basis, each with a live quote the day after', async () => {
    // The fixture market serves the history (real Binance spot, perpetual, funding; CME basis) and a
    // live snapshot at 09:00 the next day: the note then names the close and the live price.
    const band = [0, 0.02] as const;
    const ends = daysBetween('2022-03-01', LAST_CME_DAY).filter((_, i) => i % 37 === 0);
    let figures = 0;
    let precedents = 0;
    for (const end of ends) {
      const clock = { now: () => Date.parse(end) + DAY_MS + 9 * 3_600_000 };
      const market = createFixtureMarket(clock);
      const a = analyze({ asset: 'BTC', history: await market.history('BTC', 1500), snapshot: await market.snapshot('BTC'), band, calibration: null });
      expect(a.note.paragraph, 'the close and the live price are named as such').toMatch(/closed at \$[\d,]+ yesterday.*trades at [\d,]+ USDT now/);
      figures += check(a, band);
      if (a.note.precedent) precedents++;
    }
    expect(ends.length).toBeGreaterThanOrEqual(40);
    expect(figures, 'the notes are full of figures, all checked').toBeGreaterThan(ends.length * 15);
    expect(precedents, 'some of the windows end on an event, whose precedent is checked too').toBeGreaterThan(3);
  });

  it('with a wider band, open interest, a leverage ratio and exchange flows', () => {
    const band = [0.01, 0.03] as const;
    const a = analyze({ asset: 'BTC', history: realHistory('2024-02-11', '2026-02-10'), snapshot: null, band, onChain: flipOnChainInput() });
    expect(a.note.paragraph, 'the on-chain sentences are there to be checked').toContain('$2.16B');
    expect(check(a, band), 'figures found').toBeGreaterThan(20);
  });

  it('catches an invented figure (the check itself can fail)', () => {
    const band = [0, 0.005] as const;
    const a = analyze({ asset: 'BTC', history: realHistory('2024-02-11', '2026-02-10'), snapshot: null, band });
    const forged = { ...a, note: { ...a.note, paragraph: `${a.note.paragraph} Basis last seen at +9.99% in June 2019.` } };
    expect(() => check(forged, band)).toThrow();
  });
});
