/**
 * The basis arithmetic (see core/types.ts for the vocabulary). Pure: quotes and `now` in,
 * snapshot out; stored daily series in, daily readings out.
 */
import { DAY_MS, dayClose } from './calendar.js';
import { MarketUnavailableError } from './errors.js';
import { isSanePoint, saneQuote } from './sane.js';
import type { DailyReading, DatedBasis, DatedQuote, Day, HeadlineBasis, HistoryPoint, MarketSnapshot, VenueId, VenueQuote } from './types.js';

export { quarterlyExpiries } from './calendar.js';

/** The constant maturity the headline basis is read at. */
export const HEADLINE_TENOR_DAYS = 90;
/** Below this, ×365/days turns a few dollars of noise into hundreds of percent: never headline it. */
export const MIN_HEADLINE_DAYS = 7;

export const basis = (future: number, spot: number): number => (future - spot) / spot;
export const annualize = (b: number, daysToExpiry: number): number => (b * 365) / daysToExpiry;
/** Funding paid every `intervalHours`, as a simple (not compounded) annual rate. */
export const fundingApr = (rate: number, intervalHours: number): number => rate * (24 / intervalHours) * 365;

export function datedBasis(venue: VenueId, q: DatedQuote, spot: number, now: number): DatedBasis {
  const daysToExpiry = (q.expiry - now) / DAY_MS;
  const b = basis(q.price, spot);
  return { ...q, venue, daysToExpiry, basis: b, annualized: annualize(b, daysToExpiry) };
}

export interface CurvePoint {
  symbol: string;
  daysToExpiry: number;
  annualized: number;
}

export type CurveHeadline = Pick<HeadlineBasis, 'annualized' | 'tenorDays' | 'method' | 'contracts'>;

/** The ~90-day annualized basis of one venue's dated contracts, or null when none qualifies. */
export function headlineFromCurve(points: CurvePoint[]): CurveHeadline | null {
  const usable = points.filter((p) => p.daysToExpiry >= MIN_HEADLINE_DAYS && Number.isFinite(p.annualized));
  if (usable.length === 0) return null;
  const T = HEADLINE_TENOR_DAYS;
  const below = usable.filter((p) => p.daysToExpiry <= T).sort((a, b) => b.daysToExpiry - a.daysToExpiry)[0];
  const above = usable.filter((p) => p.daysToExpiry >= T).sort((a, b) => a.daysToExpiry - b.daysToExpiry)[0];
  if (below && above) {
    if (below.daysToExpiry === above.daysToExpiry) {
      return { annualized: below.annualized, tenorDays: T, method: 'interpolated', contracts: [below.symbol] };
    }
    const w = (T - below.daysToExpiry) / (above.daysToExpiry - below.daysToExpiry);
    const annualized = below.annualized + w * (above.annualized - below.annualized);
    return { annualized, tenorDays: T, method: 'interpolated', contracts: [below.symbol, above.symbol] };
  }
  const nearest = [...usable].sort((a, b) => Math.abs(a.daysToExpiry - T) - Math.abs(b.daysToExpiry - T))[0]!;
  return { annualized: nearest.annualized, tenorDays: nearest.daysToExpiry, method: 'nearest', contracts: [nearest.symbol] };
}

interface VenueHeadline {
  venue: VenueId;
  headline: CurveHeadline;
  weightUsd: number | null; // open interest of the contracts used
}

/** OI-weighted across venues; an equal-weight mean when any venue's contract OI is unknown. */
export function combineHeadlines(list: VenueHeadline[]): HeadlineBasis | null {
  if (list.length === 0) return null;
  const known = list.every((v) => v.weightUsd !== null && v.weightUsd > 0);
  const weights = list.map((v) => (known ? (v.weightUsd as number) : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const avg = (f: (v: VenueHeadline) => number) => list.reduce((s, v, i) => s + f(v) * weights[i]!, 0) / total;
  return {
    annualized: avg((v) => v.headline.annualized),
    tenorDays: avg((v) => v.headline.tenorDays),
    method: list.every((v) => v.headline.method === 'interpolated') ? 'interpolated' : 'nearest',
    contracts: list.flatMap((v) => v.headline.contracts),
    venues: list.map((v) => v.venue),
  };
}

/**
 * Aggregates the venues that answered, in preference order; the first is the reference. Each
 * venue's dated contracts are measured against that venue's own spot, so a price gap between
 * venues never shows up as basis.
 */
export function buildSnapshot(raw: VenueQuote[], now: number): MarketSnapshot {
  if (raw.length === 0) throw new Error('buildSnapshot needs at least one quote');
  // A broken venue's numbers are missing data (core/sane.ts); a venue whose spot is unusable drops out.
  const quotes = raw.map(saneQuote).filter((q): q is VenueQuote => q !== null);
  const ref = quotes[0];
  if (!ref) throw new MarketUnavailableError(raw.map((q) => ({ venue: q.venue, reason: 'sent no usable spot price' })));
  const perpQ = quotes.find((q) => q.perp !== null);
  const fundQ = quotes.find((q) => q.funding !== null);
  const oiQs = quotes.filter((q) => q.openInterest !== null);
  const dated: DatedBasis[] = [];
  const headlines: VenueHeadline[] = [];
  for (const q of quotes) {
    const curve = q.dated.filter((d) => d.expiry > now).map((d) => datedBasis(q.venue, d, q.spot, now));
    dated.push(...curve);
    const headline = headlineFromCurve(curve);
    if (!headline) continue;
    const used = curve.filter((d) => headline.contracts.includes(d.symbol));
    const weightUsd = used.some((d) => d.openInterestUsd === null) ? null : used.reduce((s, d) => s + (d.openInterestUsd ?? 0), 0);
    headlines.push({ venue: q.venue, headline, weightUsd });
  }
  return {
    asset: ref.asset,
    at: now,
    venues: quotes.map((q) => q.venue),
    reference: { venue: ref.venue, kind: 'spot last', price: ref.spot },
    perp: perpQ?.perp ? { venue: perpQ.venue, ...perpQ.perp, premium: basis(perpQ.perp.mark, perpQ.perp.index) } : null,
    funding: fundQ?.funding
      ? { venue: fundQ.venue, ...fundQ.funding, apr: fundingApr(fundQ.funding.rate, fundQ.funding.intervalHours) }
      : null,
    openInterest:
      oiQs.length === 0
        ? null
        : {
            coins: oiQs.reduce((s, q) => s + q.openInterest!.coins, 0),
            usd: oiQs.reduce((s, q) => s + q.openInterest!.usd, 0),
            venues: oiQs.map((q) => q.venue),
          },
    dated,
    headline: combineHeadlines(headlines),
  };
}

/**
 * Pivots one venue's stored series into daily readings, oldest first. Day D's candle closes at
 * D+1 00:00 UTC, so that is the instant its futures closes are measured to expiry from.
 */
export function readingsFromHistory(points: HistoryPoint[]): DailyReading[] {
  const byDay = new Map<Day, Partial<Record<HistoryPoint['series'], number>>>();
  for (const p of points) {
    if (!isSanePoint(p)) continue; // a bad print is a missing day, not a reading
    const row = byDay.get(p.day) ?? {};
    row[p.series] = p.value;
    byDay.set(p.day, row);
  }
  const out: DailyReading[] = [];
  for (const day of [...byDay.keys()].sort()) {
    const r = byDay.get(day)!;
    if (r.spot === undefined) continue;
    const spot = r.spot;
    const curve: CurvePoint[] = [];
    for (const [price, expiry, name] of [
      [r.quarter, r.quarter_expiry, 'quarter'],
      [r.next_quarter, r.next_quarter_expiry, 'next_quarter'],
    ] as const) {
      if (price === undefined || expiry === undefined || Math.abs(price / spot - 1) >= 1) continue;
      const daysToExpiry = (expiry - dayClose(day)) / DAY_MS;
      if (daysToExpiry <= 0) continue;
      curve.push({ symbol: name, daysToExpiry, annualized: annualize(basis(price, spot), daysToExpiry) });
    }
    out.push({
      day,
      spot,
      headlineBasis: headlineFromCurve(curve)?.annualized ?? null,
      premium: r.premium ?? null,
      fundingApr: r.funding === undefined ? null : r.funding * 365,
      // Some venues (Bybit) report OI history in coins only: value it at the day's spot close.
      openInterestUsd: r.oi_usd ?? (r.oi_coins === undefined ? null : r.oi_coins * spot),
    });
  }
  return out;
}
