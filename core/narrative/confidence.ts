/**
 * How the note, its badge, /basis and the alerts state the measured confidence (core/replay):
 * what the replayed history says about calls like this one, with the number of cases it rests
 * on, and few cases named as few. The same Confidence always gives the same words.
 */
import { confidencePct, pct } from '../format.js';
import type { Calibration, Confidence } from '../replay/calibration.js';
import { EXPECTED, HORIZON_DAYS, NEUTRAL_BAND } from '../replay/outcome.js';

const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** 'over 41 cases' or 'but over only 9 cases'. */
const casesText = (c: Confidence): string => `${c.few ? 'but over only ' : 'over '}${count(c.cases, 'case', 'cases')}`;

/** What the label's way looks like over any day, for the base-rate sentence. */
const ANY_DAY: Readonly<Record<Confidence['label'], string>> = {
  Bullish: `prices were higher ${HORIZON_DAYS} days later`,
  Bearish: `prices were lower ${HORIZON_DAYS} days later`,
  Neutral: `spot ended ${HORIZON_DAYS} days later within ${pct(NEUTRAL_BAND, 0)} of where it stood`,
};

/**
 * 'Bearish — in the replayed history, calls this strong were followed by lower prices 30 days
 * later an estimated 62% of the time, over 41 cases. Across all replayed days, prices were lower
 * 30 days later 48% of the time.'
 */
export function confidenceLine(c: Confidence, cal: Pick<Calibration, 'days'> | null): string {
  if (c.estimate === null || c.base === null || cal === null) {
    return `${c.label} — too little history has been replayed yet to say how often calls like this held.`;
  }
  const across = `Across all ${count(cal.days, 'replayed day', 'replayed days')}, ${ANY_DAY[c.label]} ${pct(c.base, 0)} of the time.`;
  const subject = c.label === 'Neutral' ? 'Neutral readings like this one' : 'calls this strong';
  if (c.cases === 0) return `${c.label} — the replayed history has no ${c.label === 'Neutral' ? 'Neutral reading like this one' : 'call this strong'} yet, so there is no hit rate to state. ${across}`;
  const expected = EXPECTED[c.label];
  return `${c.label} — in the replayed history, ${subject} were followed by ${expected} ${HORIZON_DAYS} days later an estimated ${confidencePct(c.estimate)} of the time, ${casesText(c)}. ${across}`;
}

/** '62% hit rate, 41 cases' · '70% hit rate, only 9 cases' · 'no past cases' · 'not yet measured'. */
export function confidenceShort(c: Confidence): string {
  if (c.estimate === null) return 'not yet measured';
  if (c.cases === 0) return 'no past cases';
  return `${confidencePct(c.estimate)} hit rate, ${c.few ? 'only ' : ''}${count(c.cases, 'case', 'cases')}`;
}

/** The badge beside a reply's title: 'Bearish · 62% hit rate, 41 cases'. */
export const confidenceBadge = (c: Confidence): string => `${c.label} · ${confidenceShort(c)}`;
