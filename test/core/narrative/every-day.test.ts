/**
 * Every day of the bundled 2021–2026 history, BTC and ETH, as the bot would see it: the 1,500 days
 * of history up to that day (the HISTORY_DAYS default) with the real CME dated basis
 * (test/fixtures/history.ts). Each day's note must hold to what a careful reader expects of it;
 * each check below is written from the signals, independently of the code that wrote the text.
 *
 * Other walks over the same days can join this file: `eachDay` gives every day's analysis once.
 */
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../../core/analysis.js';
import { addDays } from '../../../core/calendar.js';
import { confidenceBadge } from '../../../core/narrative/confidence.js';
import { FEW_CASES, calibrate } from '../../../core/replay/calibration.js';
import { WARMUP_DAYS, replayHistory } from '../../../core/replay/replay.js';
import { daysBetween, LAST_CME_DAY, realHistory, type FixtureAsset } from '../../fixtures/history.js';

const HISTORY_DAYS = 1500;
const BAND = [0, 0.02] as const; // the default BASIS_BAND

interface Day {
  asset: FixtureAsset;
  day: string;
  a: Analysis;
}

const cache = new Map<FixtureAsset, Day[]>();

/** Every day with a basis reading from the first CME day on, analysed on the history up to it. */
export function eachDay(asset: FixtureAsset): Day[] {
  const hit = cache.get(asset);
  if (hit) return hit;
  const full = realHistory('2021-01-01', LAST_CME_DAY, { asset, basis: 'cme' });
  const first = full.findIndex((r) => r.headlineBasis !== null);
  // The measured confidence as the bot's daily cache would state it: the replayed days of that day's
  // history whose outcome was known by then. One replay serves the walk: a day's call reads only
  // the data up to it (test/core/replay), so the whole history's replay, cut, is each day's.
  const replayed = replayHistory(full, BAND, { asset });
  const out: Day[] = [];
  for (let i = first; i < full.length; i++) {
    const history = full.slice(Math.max(0, i + 1 - HISTORY_DAYS), i + 1);
    const since = addDays(history[0]!.day, WARMUP_DAYS);
    const calibration = calibrate(replayed.filter((d) => d.day >= since), full[i]!.day);
    out.push({ asset, day: full[i]!.day, a: analyze({ asset, history, snapshot: null, band: BAND, calibration }) });
  }
  cache.set(asset, out);
  return out;
}

const ASSETS: FixtureAsset[] = ['BTC', 'ETH'];

/** The sentences of a text: a full stop, then a space and a capital. Decimals have no space after the point. */
const sentences = (text: string): string[] => text.split(/(?<=\.)\s+(?=[A-Z])/);

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
/** Window lengths are the vocabulary of the note (the 30-day average), not figures it reports. */
const WINDOW = /\b(?:7|30|90|200)-day\b|\bover 30\b|\bafter 30\b|\b(?:7|30) days\b/g;
/** A date, a month, a band ('0%–2%', one setting), or a number. */
const FIGURE = new RegExp(`\\b\\d{1,2} ${MONTH} \\d{4}\\b|\\b${MONTH} \\d{4}\\b|\\d+(?:\\.\\d+)?%\\u2013\\d+(?:\\.\\d+)?%|[+\\u2212-]?\\$?\\d+(?:,\\d{3})*(?:\\.\\d+)?%?`, 'g');
const figures = (sentence: string): string[] => sentence.replace(WINDOW, ' ').match(FIGURE) ?? [];

describe.each(ASSETS)('every day of the %s history', (asset) => {
  const days = eachDay(asset);

  it('covers the bundled record day by day', () => {
    // The first CME bars (BTC 2021-05-02, ETH 2021-12-05) have no quarterly liquid enough to count.
    const expected = asset === 'BTC' ? ['2021-05-03', LAST_CME_DAY] : ['2021-12-06', LAST_CME_DAY];
    expect([days[0]!.day, days.at(-1)!.day], 'from the first day with a CME basis to the last').toEqual(expected);
    expect(days.length, 'no day skipped').toBe(daysBetween(expected[0]!, expected[1]!).length);
  });

  it('never names a "most similar" day with the opposite sign of the basis or other directions of its averages', () => {
    const bad: string[] = [];
    for (const { day, a } of days) {
      const b = a.signals.basis;
      for (const x of a.analogs) {
        if (x.basis === null || b.level === null || x.basis < 0 !== b.level < 0) bad.push(`${day}: analog ${x.day} at ${x.basis} against ${b.level}`);
      }
    }
    expect(bad, 'an analog of the opposite sign is no analog').toEqual([]);
  });

  it('never proposes a what-would-change condition that already holds', () => {
    const bad: string[] = [];
    for (const { day, a } of days) {
      const b = a.signals.basis;
      const text = a.note.changeView;
      const holds: [RegExp, boolean][] = [
        [/return above the .* range/, b.level !== null && b.level > b.band[1]],
        [/fall back into or below the .* range/, b.level !== null && b.level <= b.band[1]],
        [/drop below the .* range/, b.level !== null && b.level < b.band[0]],
        [/rise of the seven-day basis average above the 30-day/, b.cross === 'above'],
        [/fall of the seven-day basis average below the 30-day/, b.cross === 'below'],
        [/turn higher in the seven-day basis average/, b.dir7 === 'rising'],
        [/turn lower in the seven-day basis average/, b.dir7 === 'falling'],
      ];
      for (const [proposal, already] of holds) if (proposal.test(text) && already) bad.push(`${day}: "${text}"`);
    }
    expect(bad, 'a condition that already holds would change nothing').toEqual([]);
    expect(days.filter((d) => d.a.note.watch.length > 0).length, 'and the walk did check proposals').toBeGreaterThan(days.length * 0.9);
  });

  it('puts at most three figures in any sentence of the paragraph or the precedent', () => {
    const bad: string[] = [];
    for (const { day, a } of days) {
      for (const s of [...sentences(a.note.paragraph), ...sentences(a.note.precedent ?? '')]) {
        if (figures(s).length > 3) bad.push(`${day}: ${figures(s).join(' | ')} in "${s}"`);
      }
    }
    expect(bad.slice(0, 5), 'a sentence with more figures than that is a table').toEqual([]);
  });

  it('never prints a raw float, and never blames the record on the market', () => {
    const bad: string[] = [];
    for (const { day, a } of days) {
      const n = a.note;
      const all = [n.headline, n.paragraph, n.rationale, n.changeView, n.take, n.precedent ?? '', ...n.context, ...n.analogLines, ...n.episodeLines].join('\n');
      if (/\d\.\d{5,}/.test(all)) bad.push(`${day}: raw float`);
      if (/records here begin/.test(all)) bad.push(`${day}: "records here begin"`);
    }
    expect(bad).toEqual([]);
  });

  it('tells what followed earlier episodes whenever the note is about one, or says they are too few', () => {
    let withEvent = 0;
    for (const { day, a } of days) {
      if (!a.events) {
        expect(a.note.precedent, `${day}: no event, no precedent`).toBeNull();
        continue;
      }
      withEvent++;
      const e = a.events;
      const p = a.note.precedent!;
      if (e.episodes.length < 3) expect(p, `${day}: ${e.episodes.length} episodes`).toMatch(/too few to say what usually follows|to compare with/);
      else expect(p, `${day}: the counts are the stats`).toContain(`${e.stats.hits === 0 ? 'none of the' : `${e.stats.hits} of`} ${e.stats.cases} cases`);
      for (const x of e.episodes) {
        expect(Date.parse(e.current.day) - Date.parse(x.day), `${day}: ${x.day} at least 30 days before today's ${e.current.day}`).toBeGreaterThanOrEqual(30 * 86_400_000);
      }
    }
    expect(withEvent, 'events are news: some days, not most').toBeGreaterThan(days.length * 0.05);
    expect(withEvent).toBeLessThan(days.length * 0.6);
  });

  it('never states a confidence of 100% or 0%, always says how many cases it rests on, and names few cases as few', () => {
    const bad: string[] = [];
    let measured = 0;
    for (const { day, a } of days) {
      const c = a.note.confidence;
      const stated = [a.note.confidenceLine, a.note.take, confidenceBadge(c)];
      const figures = stated.flatMap((t) => [...t.matchAll(/(\d+)% (?:hit rate|of the time)/g)].map((m) => Number(m[1])));
      if (figures.some((f) => f <= 0 || f >= 100)) bad.push(`${day}: ${figures.join(', ')}`);
      if (c.estimate === null) continue;
      measured++;
      if (!(c.estimate > 0 && c.estimate < 1)) bad.push(`${day}: estimate ${c.estimate}`);
      if (c.cases > 0 && !a.note.confidenceLine.includes(`${c.cases.toLocaleString('en-US')} case`)) bad.push(`${day}: no case count in "${a.note.confidenceLine}"`);
      if (c.cases > 0 && c.cases < FEW_CASES && !a.note.confidenceLine.includes('but over only')) bad.push(`${day}: ${c.cases} cases not named as few`);
    }
    expect(bad.slice(0, 5), 'a share measured on past cases is never a certainty').toEqual([]);
    expect(measured, 'after the first months, every day states a measured figure').toBeGreaterThan(days.length * 0.9);
  });
});
