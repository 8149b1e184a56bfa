/**
 * The sentences of the note's paragraph. Each takes signals and returns plain text (or null when
 * its data is missing); every figure goes through core/format.ts.
 */
import { bandRange, monthYear, pct, price, signedPct } from '../format.js';
import type { RegimeLabel } from '../regime/classify.js';
import type { BasisSignal, Signals, SideRun } from '../signals/types.js';
import type { Situation } from './situation.js';

const bp = (x: number): string => signedPct(x, 2);

/** 'for the first time since March 2025', or since the start of the history searched. */
export const firstTimeSince = (run: SideRun): string =>
  run.lastBefore === null ? `for the first time since records here begin (${monthYear(run.searchedFrom)})` : `for the first time since ${monthYear(run.lastBefore)}`;

const monthAgo = (b: BasisSignal): string => (b.ma7MonthAgo === null ? '' : `, against a seven-day average of ${bp(b.ma7MonthAgo)} a month ago`);

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

export function fundingAndPremium(s: Signals): string | null {
  const f = s.funding;
  const p = s.premium;
  const parts: string[] = [];
  if (f.value !== null) {
    parts.push(`Funding runs at ${pct(f.value)} annualized` + (f.percentile === null ? '' : `, ${rank(f.percentile)} of the past year's readings`));
  }
  if (p.value !== null && p.percentile !== null) {
    parts.push(`the perpetual premium, at ${signedPct(p.value, 3)}, is ${rank(p.percentile)} of its past year`);
  }
  if (parts.length === 0) return null;
  return `${parts.join('; ')}.`;
}

export function leverage(s: Signals): string {
  const l = s.leverage;
  // With an on-chain provider, the leverage ratio has its own sentence (narrative/onchain.ts).
  const ratioText = s.onChain === null ? ' With no leverage-ratio feed, leverage is judged from open interest.' : '';
  if (l.change7 === null) return 'Open-interest history is too short to judge leverage.';
  const long = l.change30 === null ? '' : ` and ${signedPct(l.change30)} over 30`;
  const range = l.range90 === null ? '' : `, ${pct(l.range90, 0)} of the way up its 90-day range`;
  return `Open interest is ${signedPct(l.change7)} over seven days${long}${range}.${ratioText}`;
}

export function momentum(s: Signals): string | null {
  const m = s.momentum;
  if (m.price === null || m.return7 === null || m.return30 === null) return null;
  const prev = m.prevReturn7 === null ? '' : ` (after ${signedPct(m.prevReturn7)} the week before)`;
  const dd = m.drawdown90 === null ? '' : `, ${pct(-m.drawdown90)} below its 90-day high`;
  return `Spot, at ${price(m.price)}, has moved ${signedPct(m.return7)} over seven days${prev} and ${signedPct(m.return30)} over 30${dd}.`;
}
