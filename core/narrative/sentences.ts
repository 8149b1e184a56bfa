/**
 * The sentences of the note's paragraph. Each takes signals and returns plain text (or null when
 * its data is missing); every figure goes through core/format.ts.
 */
import { addDays, dayStart } from '../calendar.js';
import { bandRange, longDate, monthYear, pct, price, signedPct, usdt } from '../format.js';
import type { RegimeLabel } from '../regime/classify.js';
import type { BasisSignal, Signals, SideRun } from '../signals/types.js';
import { recordSpan } from './precedent.js';
import type { Situation } from './situation.js';

const bp = (x: number): string => signedPct(x, 2);

/**
 * 'for the first time since March 2025'; when the record is what ends the search, how much record
 * there is: 'for the first time in the 4 years on record'.
 */
export const firstTimeSince = (run: SideRun): string => {
  if (run.lastBefore !== null) {
    // Earlier the same month: the month alone would read as no news.
    const sameMonth = run.lastBefore.slice(0, 7) === run.startedOn.slice(0, 7);
    return `for the first time since ${sameMonth ? longDate(run.lastBefore) : monthYear(run.lastBefore)}`;
  }
  const days = Math.round((dayStart(run.startedOn) - dayStart(run.searchedFrom)) / 86_400_000);
  return `for the first time in the ${recordSpan(days)} on record`;
};

/** Where the basis stood a month back, as a sentence of its own: ' A month ago its seven-day average was +6.06%'. */
const monthAgo = (b: BasisSignal): string => (b.ma7MonthAgo === null ? '' : `. A month ago its seven-day average was ${bp(b.ma7MonthAgo)}`);

export function opener(name: string, s: Situation, b: BasisSignal): string {
  const lvl = b.level === null ? '' : bp(b.level);
  const band = bandRange(b.band);
  switch (s) {
    case 'flip-negative':
      return `${name} futures have flipped into negative territory ${firstTimeSince(b.sign!)}: the annualized futures basis stands at ${lvl}${monthAgo(b)}.`;
    case 'recovery':
      return `The ${name} futures basis has climbed back above the ${band} range ${firstTimeSince(b.bandRun!)}, to an annualized ${lvl}${monthAgo(b)}.`;
    case 'flip-positive':
      return `${name} futures are back above spot ${firstTimeSince(b.sign!)}: the annualized futures basis stands at ${lvl}${monthAgo(b)}.`;
    case 'chop':
      return `The ${name} futures basis is going sideways at an annualized ${lvl}: its seven-day average has crossed the 30-day ${b.crossCount30} times in the past month.`;
    case 'deepening':
      return `${name} futures have traded below spot for ${b.sign!.length} days and the discount is deepening: the annualized futures basis stands at ${lvl}${monthAgo(b)}.`;
    case 'discount':
      return `${name} futures have traded below spot for ${b.sign!.length} days: the annualized futures basis stands at ${lvl}${monthAgo(b)}.`;
    case 'collapse':
      return `The ${name} futures premium has collapsed: the annualized futures basis stands at ${lvl}${monthAgo(b)}.`;
    case 'cooling':
      return `The ${name} futures premium is cooling: the annualized futures basis stands at ${lvl}${monthAgo(b)}.`;
    case 'building':
      return `The ${name} futures premium is building: the annualized futures basis stands at ${lvl}${monthAgo(b)}.`;
    case 'quiet':
      return `The ${name} futures basis is holding steady at an annualized ${lvl}.`;
    default:
      return `No ${name} futures basis is available, so the view rests on funding, open interest and price.`;
  }
}

const WORD = { rising: 'upward', falling: 'downward', flat: 'sideways' } as const;

export function averages(b: BasisSignal, label: RegimeLabel): string | null {
  if (b.ma7 === null || b.ma30 === null || b.dir7 === null || b.dir30 === null) return null;
  const figures = `(${bp(b.ma7)} and ${bp(b.ma30)})`;
  const tilt = label.toLowerCase();
  if (b.dir7 === b.dir30) {
    const agrees = (b.dir7 === 'falling' && label === 'Bearish') || (b.dir7 === 'rising' && label === 'Bullish');
    const tail =
      b.dir7 === 'flat' ? '' : agrees ? `, confirming a ${tilt} tilt` : label === 'Neutral' ? ', though other signals keep the reading neutral' : `, at odds with the ${tilt} reading`;
    const verb = b.dir7 === 'flat' ? 'both moving sideways' : `both trending ${WORD[b.dir7]}`;
    return `The seven- and 30-day moving averages of the futures basis are ${verb} ${figures}${tail}.`;
  }
  return `The seven-day moving average of the futures basis is trending ${WORD[b.dir7]} while the 30-day is trending ${WORD[b.dir30]} ${figures}, a mixed picture.`;
}

/** A rank told from the nearer end: 'below 97%' reads better than 'above 3%'. */
const rank = (p: number): string => (p >= 0.5 ? `above ${pct(p, 0)}` : `below ${pct(1 - p, 0)}`);

/** What funding says about demand for leverage, then the figures. */
function fundingSentence(f: Signals['funding']): string | null {
  if (f.value === null) return null;
  const p = f.percentile;
  const meaning =
    f.value < 0
      ? 'Shorts are paying longs'
      : p === null
        ? 'Longs are paying shorts'
        : p >= 0.8
          ? 'Demand for leveraged longs runs hot'
          : p <= 0.2
            ? 'Demand for leveraged longs is weak'
            : 'Demand for leveraged longs is ordinary';
  return `${meaning}: funding runs at ${pct(f.value)} annualized${p === null ? '' : `, ${rank(p)} of the past year's readings`}.`;
}

/** The perpetual premium only counts against its own year (it sits below zero almost daily on Binance). */
function premiumSentence(p: Signals['premium']): string | null {
  if (p.value === null || p.percentile === null) return null;
  const at = signedPct(p.value, 3);
  if (p.percentile >= 0.8) return `The perpetual trades rich to spot by its own standards: its premium, at ${at}, is ${rank(p.percentile)} of the past year's readings.`;
  if (p.percentile <= 0.2) return `The perpetual trades cheap to spot by its own standards: its premium, at ${at}, is ${rank(p.percentile)} of the past year's readings.`;
  return `The perpetual premium sits in its usual range, at ${at}.`;
}

export function fundingAndPremium(s: Signals): string | null {
  const parts = [fundingSentence(s.funding), premiumSentence(s.premium)].filter((x): x is string => x !== null);
  return parts.length === 0 ? null : parts.join(' ');
}

export function leverage(s: Signals): string {
  const l = s.leverage;
  // With an on-chain provider, the leverage ratio has its own sentence (narrative/onchain.ts).
  const ratioText = s.onChain === null ? ' With no leverage-ratio feed, leverage is judged from open interest.' : '';
  if (l.change7 === null) return 'Open-interest history is too short to judge leverage.';
  const long = l.change30 === null ? '' : ` and ${signedPct(l.change30)} over 30`;
  const range = l.range90 === null ? '' : `, ${pct(l.range90, 0)} of the way up its 90-day range`;
  const meaning = l.change7 >= 0.05 ? 'Leverage is building' : l.change7 <= -0.05 ? 'Leverage is coming off' : 'Leverage is steady';
  return `${meaning}: open interest is ${signedPct(l.change7)} over seven days${long}${range}.${ratioText}`;
}

/** The month's direction of spot, and this week against it. */
function trend(r7: number, r30: number): string {
  if (r30 <= -0.05 && r7 >= 0.03) return 'Spot is bouncing after a falling month';
  if (r30 >= 0.05 && r7 <= -0.03) return 'Spot is pulling back after a rising month';
  if (r30 <= -0.15) return 'Spot is in a steep fall';
  if (r30 <= -0.05) return 'Spot is falling';
  if (r30 >= 0.15) return 'Spot is rallying hard';
  if (r30 >= 0.05) return 'Spot is rising';
  if (r7 <= -0.05) return 'Spot is sliding this week';
  if (r7 >= 0.05) return 'Spot is jumping this week';
  return 'Spot is going sideways';
}

/** This week against the week before: is the move gathering pace or fading? */
function pace(r7: number, prev: number): string {
  if (r7 < 0 && prev < 0) return Math.abs(r7) > Math.abs(prev) ? 'The selling is gathering pace' : 'The selling is easing';
  if (r7 > 0 && prev > 0) return r7 > prev ? 'The buying is gathering pace' : 'The rise is slowing';
  return r7 < 0 ? 'The week turned lower' : 'The week turned higher';
}

/**
 * Spot in two sentences: where it trades and what that means, with the close and the live price
 * named as such; then the week and the month that support it.
 */
export function momentum(s: Signals): string | null {
  const m = s.momentum;
  if (m.price === null || m.return7 === null || m.return30 === null) return null;
  const when = m.live === null ? '' : m.priceDay !== null && addDays(m.priceDay, 1) === s.asOf ? ' yesterday' : '';
  const high = m.drawdown90 === null ? '' : m.drawdown90 > -0.005 ? ', at its 90-day high' : `, ${pct(-m.drawdown90)} below its 90-day high`;
  const live = m.live === null ? '' : `; it trades at ${usdt(m.live)} now`;
  const first = `${trend(m.return7, m.return30)}: it ${when ? 'closed' : 'last closed'} at ${price(m.price)}${when}${high}${live}.`;
  const second =
    m.prevReturn7 === null
      ? `It has moved ${signedPct(m.return7)} over seven days and ${signedPct(m.return30)} over 30.`
      : `${pace(m.return7, m.prevReturn7)}: ${signedPct(m.return7)} over seven days after ${signedPct(m.prevReturn7)} the week before, and ${signedPct(m.return30)} over 30.`;
  return `${first} ${second}`;
}
