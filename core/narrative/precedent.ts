/**
 * The note's precedent: what followed earlier episodes of today's event (core/episodes.ts), in the
 * words of an analyst — how often a flip like this one preceded a short-term bottom in a market in
 * the same phase, and which episodes led into deeper falls, by date. With fewer than three
 * episodes it says so. Every count and date comes from the episodes.
 */
import { BEARISH_EVENTS, EPISODES, type Episode, type EventAnalogs, type EventKind, type Phase } from '../episodes.js';
import { longDate, monthYear, signedPct } from '../format.js';

const NAMES: Readonly<Record<EventKind, { many: string; one: string; short: string }>> = {
  'below-zero': { many: 'flips below zero', one: 'flip below zero', short: 'flips' },
  'above-zero': { many: 'returns above zero', one: 'return above zero', short: 'returns' },
  'band-reclaimed': { many: 'climbs back above the band', one: 'climb back above the band', short: 'climbs' },
  'band-lost': { many: 'drops out of the band', one: 'drop out of the band', short: 'drops' },
  'cross-below': { many: 'crosses of the seven-day average below the 30-day', one: 'cross of the seven-day average below the 30-day', short: 'crosses' },
  'cross-above': { many: 'crosses of the seven-day average above the 30-day', one: 'cross of the seven-day average above the 30-day', short: 'crosses' },
};

/** Today's event, for the events the opener does not already tell. */
const TODAY: Readonly<Partial<Record<EventKind, string>>> = {
  'band-lost': 'The basis dropped out of the band',
  'cross-below': 'The seven-day basis average crossed below the 30-day',
  'cross-above': 'The seven-day basis average crossed above the 30-day',
};

const PHASE_TEXT: Readonly<Record<Phase, string>> = {
  rising: 'with spot above its 200-day average',
  falling: 'with spot below its 200-day average',
};

const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

/** '4 years' or '200 days': how much record the search covered. */
export function recordSpan(days: number): string {
  const years = Math.floor(days / 365);
  if (years >= 2) return `${years} years`;
  if (years === 1) return 'year';
  return `${days} days`;
}

const of = (hits: number, cases: number): string => (hits === 0 ? `none of the ${cases} cases` : `${hits} of ${cases} cases`);

/** What the cases say: bottoms after bearish events, higher prices after bullish ones. */
function headlineSentence(e: EventAnalogs): string {
  const { kind, stats, current } = e;
  const name = NAMES[kind].many;
  const where = stats.base === 'phase' && current.phase ? ` ${PHASE_TEXT[current.phase]}` : '';
  const since = `since ${monthYear(e.searchedFrom)}`;
  if (BEARISH_EVENTS.includes(kind)) {
    return `${cap(name)}${where} have preceded a short-term bottom in ${of(stats.hits, stats.cases)} ${since}: spot made its 30-day low within a week and closed higher 30 days later.`;
  }
  return `${cap(name)}${where} were followed by higher prices 30 days later in ${of(stats.hits, stats.cases)} ${since}.`;
}

/** When the same-phase cases are too few, say so: the figures above are over every phase. */
function phaseNote(e: EventAnalogs): string | null {
  if (e.stats.base === 'phase' || e.current.phase === null) return null;
  const { samePhase: n, phased } = e.stats;
  const count = n === 0 ? 'none' : n === 1 ? 'only one' : `only ${n}`;
  // Episodes in the record's first 200 days have no 200-day average to be above or below.
  if (phased < e.episodes.length) return `Of the ${phased} with 200 days of record before them, ${count} came ${PHASE_TEXT[e.current.phase]}, as now.`;
  return `${cap(count)} of them came ${PHASE_TEXT[e.current.phase]}, as now.`;
}

/**
 * The episodes that led into deeper falls, of every phase (the contrast the analyst draws): the
 * two worst by date, and how many there were.
 */
function deeperSentence(e: EventAnalogs): string {
  const deeper = e.episodes.filter((x) => x.outcome === 'deeper');
  const { one, many, short } = NAMES[e.kind];
  // When the counts above were of one phase, these are of every phase: say so.
  const scope = e.stats.base === 'phase' ? ' in either phase' : '';
  if (deeper.length === 0) return `None of the ${e.episodes.length} on record led into a deeper fall, of ${signedPct(EPISODES.deeperFall, 0)} or worse within 30 days.`;
  if (deeper.length === 1) {
    const d = deeper[0]!;
    return `But the ${one} of ${longDate(d.day)} led into a deeper fall: spot was ${signedPct(d.worst30!)} at its worst within 30 days.`;
  }
  const worst = [...deeper].sort((a, b) => a.worst30! - b.worst30! || a.day.localeCompare(b.day)).slice(0, 2);
  const dates = worst.map((d: Episode) => d.day).sort().map(longDate).join(' and ');
  if (deeper.length === 2) return `But the ${short} of ${dates} led into deeper falls.`;
  return `But ${deeper.length} ${many}${scope} led into deeper falls, the worst after ${dates}.`;
}

/** The precedent sentences, or null when the note is about no event. */
export function precedent(e: EventAnalogs | null): string | null {
  if (!e) return null;
  const today = TODAY[e.kind];
  const lead = today ? `${today} on ${longDate(e.current.day)}. ` : '';
  return lead + afterwards(e);
}

/** What followed the earlier episodes, or why there is too little to say. */
function afterwards(e: EventAnalogs): string {
  const n = e.episodes.length;
  if (n < EPISODES.minCases) {
    const span = recordSpan(e.recordDays);
    const name = NAMES[e.kind];
    if (n === 0) return `There is no earlier ${name.one} in the ${span} on record to compare with.`;
    const verb = span === 'year' ? 'holds' : 'hold';
    return `The ${span} on record ${verb} only ${n === 1 ? `one earlier ${name.one}` : `${n} earlier ${name.many}`}, too few to say what usually follows.`;
  }
  return [headlineSentence(e), phaseNote(e), deeperSentence(e)].filter((x) => x !== null).join(' ');
}

const PHASE_SHORT: Readonly<Record<Phase, string>> = { rising: 'above', falling: 'below' };

/** One line per episode, newest first: '9 November 2022 (spot below its 200-day average): −4.1% after 7 days, +3.2% after 30, worst −12.0%'. */
export function episodeLines(e: EventAnalogs | null, max = 8): string[] {
  if (!e) return [];
  return [...e.episodes]
    .reverse()
    .slice(0, max)
    .map((x) => {
      const phase = x.phase ? ` (spot ${PHASE_SHORT[x.phase]} its 200-day average)` : '';
      const basis = x.basis === null ? '' : `basis ${signedPct(x.basis, 2)}; `;
      return `${longDate(x.day)}${phase}: ${basis}spot ${signedPct(x.forward7!)} after 7 days, ${signedPct(x.forward30!)} after 30, worst ${signedPct(x.worst30!)}.`;
    });
}

/** 'Past flips below zero (8 most recent of 17)'. */
export function episodesTitle(e: EventAnalogs, max = 8): string {
  const more = e.episodes.length > max ? ` (${max} most recent of ${e.episodes.length})` : '';
  return `Past ${NAMES[e.kind].many}${more}`;
}
