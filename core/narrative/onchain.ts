/**
 * The note's on-chain sentences: exchange flows, a daily inflow spike, the leverage ratio, and —
 * when a reading is left out — which one and why. Also the provenance line and /basis's fields.
 * Nothing here is said without a provider: with `signals.onChain` null every function is silent.
 */
import { coinAmount, leverageRatio, longDate, pct, signedPct, times, usd } from '../format.js';
import type { FlowReading, Missing, RatioReading, Signals } from '../signals/types.js';

const RATIO_NAME = 'The futures leverage ratio (open interest ÷ coins on exchanges)';
/** A 30-day change smaller than this (relative) is no trend. */
const STEADY = 0.05;
/** A week's net flow past this share of the past year's is news: "surged". */
const REMARKABLE = 0.9;

/** "Coin Metrics' data", "Glassnode's data". */
const possessive = (name: string): string => (name.endsWith('s') ? `${name}'` : `${name}'s`);

/** A rank told from the nearer end, rounded toward the middle so that it never reads 'above 100%'. */
const rank = (p: number): string => (p >= 0.5 ? `above ${Math.floor(p * 100)}%` : `below ${Math.floor((1 - p) * 100)}%`);

/** 'the largest in 11 months', 'the largest in the 14 months on record', or the rank; '' without one. */
export function flowStanding(f: FlowReading): string {
  if (f.monthsSince !== null && f.monthsSince >= 2) return `the largest in ${f.monthsSince} months`;
  if (f.lastAsLarge === null && f.recordMonths >= 2) return `the largest in the ${f.recordMonths} months on record`;
  return f.percentile === null ? '' : `${rank(f.percentile)} of the past year's seven-day readings`;
}

function flowSentences(f: FlowReading, asset: string): string[] {
  const inflow = f.netNtv7 >= 0;
  const amount = `${coinAmount(Math.abs(f.netNtv7), asset)}${f.netUsd7 === null ? '' : ` (${usd(Math.abs(f.netUsd7))})`}`;
  const where = flowStanding(f);
  const tail = where ? `, ${where}` : '';
  const remarkable = f.percentile !== null && (inflow ? f.percentile >= REMARKABLE : f.percentile <= 1 - REMARKABLE);
  const out = [
    inflow
      ? remarkable
        ? `Flows to exchanges have surged: net inflows of ${amount} over seven days${tail} — coins readied for sale.`
        : `Exchanges took in a net ${amount} over seven days${tail}.`
      : remarkable
        ? `Coins are leaving exchanges: net outflows of ${amount} over seven days${tail} — coins taken off the market.`
        : `Exchanges saw net outflows of ${amount} over seven days${tail}.`,
  ];
  if (f.spike) {
    out.push(
      `A daily inflow spike stands out: ${coinAmount(f.spike.inflowNtv, asset)} reached exchanges on ${longDate(f.spike.day)}, ${times(f.spike.multiple)} times the median day of the 90 before.`,
    );
  }
  return out;
}

/** 'the low end of its year', 'the high end of its 120 days on record', '40% of the way up its one-year range'. */
function place(r: RatioReading): string | null {
  if (r.range === null) return null;
  const year = r.rangeDays >= 360;
  const span = year ? 'its year' : `its ${r.rangeDays} days on record`;
  if (r.range <= 0.2) return `the low end of ${span}`;
  if (r.range >= 0.8) return `the high end of ${span}`;
  return `${pct(r.range, 0)} of the way up ${year ? 'its one-year range' : `its range over ${r.rangeDays} days`}`;
}

function ratioSentence(r: RatioReading): string {
  const v = leverageRatio(r.value);
  const where = place(r);
  const [from, over] = r.monthAgo !== null ? [r.monthAgo, 'a month ago'] : r.weekAgo !== null ? [r.weekAgo, 'a week ago'] : [null, ''];
  const change = r.change30 ?? r.change7;
  if (from === null || change === null) {
    return `${RATIO_NAME} stands at ${v}${where ? `, ${where}` : ''}; its history is too short for a trend.`;
  }
  const week = r.monthAgo !== null && r.change7 !== null ? ` (${signedPct(r.change7)} in the last seven days)` : '';
  if (Math.abs(change) < STEADY) {
    return `${RATIO_NAME} is holding steady at ${v}, against ${leverageRatio(from)} ${over}${week}${where ? `, ${where}` : ''}.`;
  }
  if (change < 0 && r.range !== null && r.range <= 0.2) {
    return `${RATIO_NAME} is cooling back toward ${where}: ${v}, from ${leverageRatio(from)} ${over}${week}.`;
  }
  const verb = change < 0 ? 'cooling' : 'climbing';
  return `${RATIO_NAME} is ${verb}: ${v}, from ${leverageRatio(from)} ${over}${week}${where ? `, ${where}` : ''}.`;
}

/** Why a reading is left out, completing "<Exchange flows> are missing: …"; `plural` for "they". */
function why(m: Missing, source: string, asset: string, plural: boolean): string {
  const [it, itIs] = plural ? ['them', 'they are'] : ['it', 'it is'];
  switch (m.why) {
    case 'failed':
      return `${source} ${m.detail ?? 'did not answer'}`;
    case 'stale':
      return `${possessive(source)} latest reading is for ${longDate(m.asOf!)}, more than two days old, so ${itIs} left out`;
    case 'unsupported':
      return `${source} does not publish ${it} for ${asset}`;
    case 'forbidden':
      return `${itIs} not available with this bot's ${source} access`;
    case 'no-data':
      return `${source} has published none yet`;
    case 'gap':
      return `a day of the past week is missing from ${possessive(source)} data`;
    case 'no-open-interest':
      return `no open interest is stored for the days ${source} covers`;
  }
}

function missingSentences(s: Signals): string[] {
  const o = s.onChain!;
  const f = o.flowsMissing;
  const r = o.ratioMissing;
  // A stale reading is called stale, not missing: it exists, but is too old to use.
  const state = (m: Missing) => (m.why === 'stale' ? 'stale' : 'missing');
  if (f && r && f.why === r.why && f.asOf === r.asOf && f.detail === r.detail) {
    return [`Exchange flows and the leverage ratio are ${state(f)}: ${why(f, o.source, s.asset, true)}.`];
  }
  return [
    ...(f ? [`Exchange flows are ${state(f)}: ${why(f, o.source, s.asset, true)}.`] : []),
    ...(r ? [`The leverage ratio is ${state(r)}: ${why(r, o.source, s.asset, false)}.`] : []),
  ];
}

/** The paragraph's on-chain sentences; null without a provider. */
export function onChainSentences(s: Signals): string | null {
  const o = s.onChain;
  if (!o) return null;
  const parts = [...(o.flows ? flowSentences(o.flows, s.asset) : []), ...(o.ratio ? [ratioSentence(o.ratio)] : []), ...missingSentences(s)];
  return parts.length ? parts.join(' ') : null;
}

/**
 * The provenance of the on-chain readings, for the reply's source line: 'flows: Coin Metrics (as of
 * 2026-02-09) · leverage ratio: binance open interest ÷ coins on all exchanges Coin Metrics tracks,
 * not a per-exchange ratio'. Null without a provider.
 */
export function onChainProvenance(s: Signals): string | null {
  const o = s.onChain;
  if (!o) return null;
  const flows = o.flows
    ? `flows: ${o.source} (as of ${o.flows.asOf})`
    : o.flowsMissing?.why === 'stale'
      ? `flows: ${o.source} (stale, last ${o.flowsMissing.asOf})`
      : `flows: ${o.source} (missing)`;
  if (!o.ratio) return flows;
  const asOf = o.ratio.asOf === o.flows?.asOf ? '' : ` (as of ${o.ratio.asOf})`;
  return `${flows} · leverage ratio${asOf}: ${o.ratio.oiVenues.join(' + ')} open interest ÷ coins on all exchanges ${o.source} tracks, not a per-exchange ratio`;
}

/** /basis's on-chain fields (name, value); empty without a provider. */
export function onChainFields(s: Signals): { name: string; value: string }[] {
  const o = s.onChain;
  if (!o) return [];
  const out: { name: string; value: string }[] = [];
  if (o.flows) {
    const f = o.flows;
    const dir = f.netNtv7 >= 0 ? 'net inflow' : 'net outflow';
    const usdPart = f.netUsd7 === null ? '' : ` (${usd(Math.abs(f.netUsd7))})`;
    const where = flowStanding(f);
    const spike = f.spike ? ` · inflow spike ${coinAmount(f.spike.inflowNtv, s.asset)} on ${f.spike.day}` : '';
    out.push({ name: 'Exchange flows, 7 days', value: `${coinAmount(Math.abs(f.netNtv7), s.asset)}${usdPart} ${dir}${where ? ` · ${where}` : ''}${spike}` });
  }
  if (o.ratio) {
    const r = o.ratio;
    const ch = [r.change7 === null ? null : `7d ${signedPct(r.change7)}`, r.change30 === null ? null : `30d ${signedPct(r.change30)}`].filter(Boolean);
    const where = place(r);
    out.push({ name: 'Leverage ratio (OI ÷ exchange coins)', value: [leverageRatio(r.value), ...ch, ...(where ? [where] : [])].join(' · ') });
  }
  const missing = [o.flowsMissing ? 'exchange flows' : null, o.ratioMissing ? 'leverage ratio' : null].filter(Boolean);
  if (missing.length) out.push({ name: 'On-chain', value: `missing: ${missing.join(', ')} (see /brief)` });
  return out;
}
