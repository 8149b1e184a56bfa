/**
 * On-chain readings (see core/types.ts for exchange flows, exchange supply and the leverage ratio):
 * the 7-day net flow to exchanges ranked against its own past year, with a daily inflow spike, and
 * the leverage ratio with its 7- and 30-day change and its place in its one-year range. A reading
 * needs every day it sums: a missing day is never filled in, and a reading whose last day is more
 * than STALE_DAYS old is left out as stale rather than used.
 */
import { addDays, dayStart, DAY_MS } from '../calendar.js';
import type { ExchangeSeries } from '../ports.js';
import type { Day, ExchangeDay, ExchangeMetric, HistoryPoint } from '../types.js';
import type { FlowReading, Missing, OnChainSignal, RatioReading } from './types.js';

export const ONCHAIN = {
  /** Coin Metrics publishes day D around D+1 02:00 UTC; older than this, a reading is stale. */
  staleDays: 2,
  /** Days of the sum that is the flow reading. */
  flowDays: 7,
  /** A 7-day net is ranked against this many days of earlier 7-day nets. */
  rankDays: 365,
  /** Fewer earlier 7-day nets than this, and no rank is given. */
  minRank: 90,
  /** A day's inflow this many times the median day of the 90 before the week is a spike. */
  spikeMultiple: 2,
  spikeBaselineDays: 90,
  /** Fewer ratio readings than this in the year, and no place in its range is given. */
  minRange: 30,
} as const;

/** Open interest in coins per day, summed across `venues` (see openInterestCoins). */
export interface OpenInterestCoins {
  venues: string[];
  days: { day: Day; coins: number }[];
}

export type OnChainInput =
  | { ok: true; series: ExchangeSeries; openInterest: OpenInterestCoins | null }
  | { ok: false; source: string; reason: string };

const MONTH_DAYS = 365.25 / 12;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const gapDays = (from: Day, to: Day): number => Math.round((dayStart(to) - dayStart(from)) / DAY_MS);

/**
 * Stored open interest in coins ('oi_coins'), summed per day across the venues that have any. A
 * day counts only when every one of them has a reading, so a venue's outage is never a fall in OI.
 */
export function openInterestCoins(points: readonly HistoryPoint[], venues: readonly string[]): OpenInterestCoins {
  const byVenue = new Map<string, Map<Day, number>>();
  for (const p of points) {
    if (p.series !== 'oi_coins' || !venues.includes(p.venue)) continue;
    const m = byVenue.get(p.venue) ?? new Map<Day, number>();
    m.set(p.day, p.value);
    byVenue.set(p.venue, m);
  }
  const used = venues.filter((v) => byVenue.has(v));
  const allDays = new Set<Day>();
  for (const m of byVenue.values()) for (const d of m.keys()) allDays.add(d);
  const days = [...allDays]
    .sort()
    .filter((d) => used.every((v) => byVenue.get(v)!.has(d)))
    .map((day) => ({ day, coins: used.reduce((s, v) => s + byVenue.get(v)!.get(day)!, 0) }));
  return { venues: used, days };
}

/** Values of one field on consecutive days from `first`; null where the day is missing. */
function dense(days: readonly ExchangeDay[], first: Day, n: number, field: ExchangeMetric): (number | null)[] {
  const out: (number | null)[] = new Array(n).fill(null);
  for (const d of days) {
    const i = gapDays(first, d.day);
    if (i >= 0 && i < n) out[i] = d[field];
  }
  return out;
}

/** Trailing sums over `w` days; null unless every day of the window has a value. */
function trailingSums(xs: readonly (number | null)[], w: number): (number | null)[] {
  return xs.map((_, i) => {
    if (i < w - 1) return null;
    let s = 0;
    for (let j = i - w + 1; j <= i; j++) {
      const v = xs[j];
      if (v === null || v === undefined) return null;
      s += v;
    }
    return s;
  });
}

const notServed = (series: ExchangeSeries, metrics: ExchangeMetric[]): Missing | null => {
  const hit = series.notServed.find((n) => metrics.includes(n.metric));
  return hit ? { why: hit.why, asOf: null } : null;
};

const stale = (last: Day, asOf: Day): boolean => gapDays(last, asOf) > ONCHAIN.staleDays;

function flowReading(series: ExchangeSeries, asOf: Day): FlowReading | Missing {
  const refused = notServed(series, ['flowInNtv', 'flowOutNtv']);
  if (refused) return refused;
  const days = series.days;
  if (days.length === 0) return { why: 'no-data', asOf: null };
  const first = days[0]!.day;
  const n = gapDays(first, days[days.length - 1]!.day) + 1;
  const inflow = dense(days, first, n, 'flowInNtv');
  const outflow = dense(days, first, n, 'flowOutNtv');
  const net = inflow.map((x, i) => (x === null || outflow[i] === null ? null : x - outflow[i]!));
  const last = net.findLastIndex((x) => x !== null);
  if (last < 0) return { why: 'no-data', asOf: null };
  const lastDay = addDays(first, last);
  if (stale(lastDay, asOf)) return { why: 'stale', asOf: lastDay };
  const net7 = trailingSums(net, ONCHAIN.flowDays);
  const now = net7[last];
  if (now === null || now === undefined) return { why: 'gap', asOf: lastDay };

  const usdIn = dense(days, first, n, 'flowInUsd');
  const usdOut = dense(days, first, n, 'flowOutUsd');
  const usdNet = usdIn.map((x, i) => (x === null || usdOut[i] === null ? null : x - usdOut[i]!));
  const netUsd7 = trailingSums(usdNet, ONCHAIN.flowDays)[last] ?? null;

  const past = net7.slice(Math.max(0, last - ONCHAIN.rankDays), last).filter((x): x is number => x !== null);
  let percentile: number | null = null;
  if (past.length >= ONCHAIN.minRank) {
    const below = past.filter((x) => x < now).length;
    const ties = past.filter((x) => x === now).length;
    percentile = (below + ties / 2) / past.length;
  }
  // The latest earlier week at least as large in the same direction: "the largest in N months".
  let asLarge = -1;
  for (let j = last - 1; j >= 0; j--) {
    const v = net7[j];
    if (v !== null && v !== undefined && (now >= 0 ? v >= now : v <= now)) {
      asLarge = j;
      break;
    }
  }
  const recordFrom = addDays(first, net7.findIndex((x) => x !== null));

  // A spike: the week's largest inflow day against the median day of the 90 days before the week.
  const weekFrom = last - ONCHAIN.flowDays + 1;
  const baseline = inflow.slice(Math.max(0, weekFrom - ONCHAIN.spikeBaselineDays), weekFrom).filter((x): x is number => x !== null);
  let spike: FlowReading['spike'] = null;
  if (baseline.length >= ONCHAIN.spikeBaselineDays / 2) {
    const m = median(baseline);
    let top = weekFrom;
    for (let i = weekFrom; i <= last; i++) if ((inflow[i] ?? -Infinity) > (inflow[top] ?? -Infinity)) top = i;
    const v = inflow[top];
    if (v !== null && v !== undefined && m > 0 && v / m >= ONCHAIN.spikeMultiple) {
      spike = { day: addDays(first, top), inflowNtv: v, multiple: v / m };
    }
  }

  return {
    asOf: lastDay,
    netNtv7: now,
    netUsd7,
    usdServed: notServed(series, ['flowInUsd', 'flowOutUsd']) === null,
    percentile,
    window: past.length,
    lastAsLarge: asLarge < 0 ? null : addDays(first, asLarge),
    monthsSince: asLarge < 0 ? null : Math.floor((last - asLarge) / MONTH_DAYS),
    recordFrom,
    recordMonths: Math.floor((last - gapDays(first, recordFrom)) / MONTH_DAYS),
    spike,
  };
}

function ratioReading(series: ExchangeSeries, oi: OpenInterestCoins | null, asOf: Day): RatioReading | Missing {
  const refused = notServed(series, ['supplyNtv']);
  if (refused) return refused;
  if (oi === null || oi.days.length === 0) return { why: 'no-open-interest', asOf: null };
  const supply = new Map(series.days.filter((d) => d.supplyNtv !== null && d.supplyNtv > 0).map((d) => [d.day, d.supplyNtv!] as const));
  const ratios = new Map<Day, number>();
  for (const { day, coins } of oi.days) {
    const s = supply.get(day);
    if (s !== undefined) ratios.set(day, coins / s);
  }
  const known = [...ratios.keys()].sort();
  const lastDay = known[known.length - 1];
  if (lastDay === undefined) return { why: supply.size === 0 ? 'no-data' : 'no-open-interest', asOf: null };
  if (stale(lastDay, asOf)) return { why: 'stale', asOf: lastDay };
  const value = ratios.get(lastDay)!;
  const back = (n: number) => ratios.get(addDays(lastDay, -n)) ?? null;
  const weekAgo = back(7);
  const monthAgo = back(30);
  const yearFrom = addDays(lastDay, -(ONCHAIN.rankDays - 1));
  const year = known.filter((d) => d >= yearFrom);
  let range: number | null = null;
  if (year.length >= ONCHAIN.minRange) {
    const vs = year.map((d) => ratios.get(d)!);
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    range = hi > lo ? (value - lo) / (hi - lo) : 0.5;
  }
  return {
    asOf: lastDay,
    value,
    weekAgo,
    monthAgo,
    change7: weekAgo ? value / weekAgo - 1 : null,
    change30: monthAgo ? value / monthAgo - 1 : null,
    range,
    rangeDays: year.length === 0 ? 0 : gapDays(year[0]!, lastDay) + 1,
    oiVenues: oi.venues,
  };
}

const isMissing = (x: FlowReading | RatioReading | Missing): x is Missing => 'why' in x;

/** `asOf` is the analysis day (the snapshot's, else the last history day): staleness is judged from it. */
export function onChainSignal(input: OnChainInput, asOf: Day): OnChainSignal {
  if (!input.ok) {
    const failed: Missing = { why: 'failed', asOf: null, detail: input.reason };
    return { source: input.source, flows: null, ratio: null, flowsMissing: failed, ratioMissing: failed };
  }
  const f = flowReading(input.series, asOf);
  const r = ratioReading(input.series, input.openInterest, asOf);
  return {
    source: input.series.source,
    flows: isMissing(f) ? null : f,
    ratio: isMissing(r) ? null : r,
    flowsMissing: isMissing(f) ? f : null,
    ratioMissing: isMissing(r) ? r : null,
  };
}
