/**
 * The words of /track: the bot's own record in one sentence, and the replay it states its
 * confidence from in another. Same inputs, same text.
 */
import { longDate, pct } from '../format.js';
import type { Calibration } from '../replay/calibration.js';
import { HORIZON_DAYS } from '../replay/outcome.js';
import type { RecordSummary } from '../replay/record.js';

const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** '14 BTC calls published since 15 January 2026 (9 briefs, 5 alerts). Of the 6 at least 30 days old, 4 …' */
export function recordLine(asset: string, s: RecordSummary): string {
  if (s.calls === 0 || s.since === null) {
    return `No ${asset} call has been published yet: a call is recorded when a brief or an alert stating it is first delivered.`;
  }
  const head = `${count(s.calls, `${asset} call`)} published since ${longDate(s.since)} (${count(s.briefs, 'brief')}, ${count(s.alerts, 'alert')}).`;
  if (s.judged === 0) return `${head} None is ${HORIZON_DAYS} days old yet, so none can be judged.`;
  const moved = `followed by spot moving the called way ${HORIZON_DAYS} days later`;
  if (s.judged === 1) {
    const stated = s.meanStated === null ? '' : `, against the ${pct(s.meanStated, 0)} it stated`;
    const which = s.calls === 1 ? 'It' : `The one call at least ${HORIZON_DAYS} days old`;
    return `${head} ${which} was ${s.held ? '' : 'not '}${moved}${stated}.`;
  }
  const stated = s.meanStated === null ? '' : `, against the ${pct(s.meanStated, 0)} they stated on average`;
  const of = s.judged === s.calls ? `Of those ${s.judged}` : `Of the ${count(s.judged, 'call')} at least ${HORIZON_DAYS} days old`;
  return `${head} ${of}, ${s.held} ${s.held === 1 ? 'was' : 'were'} ${moved} (${pct(s.held / s.judged, 0)})${stated}.`;
}

/**
 * 'In the replay of 641 stored days (11 April 2024 to 11 January 2026), spot moved the labelled way
 * 30 days later after 42% of Bullish days (218; base rate 53%), …'
 */
export function replayLine(cal: Calibration | null): string {
  if (cal === null || cal.days === 0 || cal.from === null || cal.to === null) {
    return 'Too little history is stored yet to replay: the confidence each call states is not yet measured.';
  }
  const part = (label: 'Bullish' | 'Neutral' | 'Bearish') => {
    const t = cal.byLabel[label];
    const base = cal.base[label];
    const share = t.cases ? pct(t.held / t.cases, 0) : 'none';
    return `${share} of ${label} days (${t.cases.toLocaleString('en-US')}${base === null ? '' : `; base rate ${pct(base, 0)}`})`;
  };
  return (
    `In the replay of ${count(cal.days, 'stored day')} (${longDate(cal.from)} to ${longDate(cal.to)}), spot moved the labelled way ${HORIZON_DAYS} days later after ` +
    `${part('Bullish')}, ${part('Neutral')} and ${part('Bearish')}.`
  );
}
