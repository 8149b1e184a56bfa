/**
 * What a broken venue's numbers become: missing. A NaN, an infinity, a zero or negative price, or a
 * value no market could hold is dropped where venue data enters the domain (quotes into a snapshot,
 * stored points into daily readings) and again where the commands take it from the Market port, so
 * no signal is computed from it and no reply prints it.
 */
import type { DailyReading, HistoryPoint, MarketSnapshot, VenueQuote } from './types.js';

/** A price a venue could really quote in USDT: finite, positive, below a quadrillion. */
export const isPrice = (x: number): boolean => Number.isFinite(x) && x > 1e-12 && x < 1e15;
/** A size (coins, USD of open interest): finite, not negative, below 10^18. */
export const isAmount = (x: number): boolean => Number.isFinite(x) && x >= 0 && x < 1e18;
/** A rate as a fraction (funding per interval, premium): beyond ±100% it is a bad print. */
export const isRate = (x: number): boolean => Number.isFinite(x) && Math.abs(x) < 1;
/** A derivative priced within ±100% of its reference; further off it is a bad print, not a basis. */
const near = (price: number, reference: number): boolean => isPrice(price) && Math.abs(price / reference - 1) < 1;

/** The quote with each unusable part left out; null when even its spot is unusable (it can be no reference). */
export function saneQuote(q: VenueQuote): VenueQuote | null {
  if (!isPrice(q.spot)) return null;
  const f = q.funding;
  const funding =
    f && isRate(f.rate) && Number.isFinite(f.intervalHours) && f.intervalHours > 0 && f.intervalHours <= 24
      ? { ...f, nextFundingTime: f.nextFundingTime !== null && Number.isFinite(f.nextFundingTime) ? f.nextFundingTime : null }
      : null;
  return {
    ...q,
    perp: q.perp && isPrice(q.perp.index) && near(q.perp.mark, q.perp.index) ? q.perp : null,
    funding,
    openInterest: q.openInterest && isAmount(q.openInterest.coins) && isAmount(q.openInterest.usd) ? q.openInterest : null,
    dated: q.dated
      .filter((d) => Number.isFinite(d.expiry) && near(d.price, q.spot))
      .map((d) => (d.openInterestUsd === null || isAmount(d.openInterestUsd) ? d : { ...d, openInterestUsd: null })),
  };
}

/** Whether a stored daily point can be used (prices as prices, rates as rates, sizes as sizes). */
export function isSanePoint(p: HistoryPoint): boolean {
  switch (p.series) {
    case 'spot':
    case 'quarter':
    case 'next_quarter':
      return isPrice(p.value);
    case 'quarter_expiry':
    case 'next_quarter_expiry':
      return Number.isFinite(p.value);
    case 'premium':
    case 'funding':
      return isRate(p.value);
    case 'oi_usd':
    case 'oi_coins':
      return isAmount(p.value);
    default:
      return Number.isFinite(p.value);
  }
}

/** A derived figure (a basis, an APR, a day count) small enough to state: beyond 10^6 it is noise. */
const isFigure = (x: number): boolean => Number.isFinite(x) && Math.abs(x) < 1e6;
const orNull = (x: number | null, ok: (v: number) => boolean): number | null => (x !== null && ok(x) ? x : null);

/**
 * A snapshot as the Market port handed it, with each unusable part left out — the same rules as
 * saneQuote, for any Market implementation. Null when its spot is unusable: there is no reading.
 */
export function saneSnapshot(s: MarketSnapshot): MarketSnapshot | null {
  if (!isPrice(s.reference.price)) return null;
  const f = s.funding;
  const h = s.headline;
  return {
    ...s,
    perp: s.perp && isPrice(s.perp.index) && near(s.perp.mark, s.perp.index) && isRate(s.perp.premium) ? s.perp : null,
    funding:
      f && isRate(f.rate) && Number.isFinite(f.intervalHours) && f.intervalHours > 0 && f.intervalHours <= 24 && isFigure(f.apr)
        ? { ...f, nextFundingTime: orNull(f.nextFundingTime, Number.isFinite) }
        : null,
    openInterest: s.openInterest && isAmount(s.openInterest.coins) && isAmount(s.openInterest.usd) ? s.openInterest : null,
    dated: s.dated.filter((d) => near(d.price, s.reference.price) && isFigure(d.daysToExpiry) && d.daysToExpiry > 0 && isRate(d.basis) && isFigure(d.annualized)),
    headline: h && isFigure(h.annualized) && isFigure(h.tenorDays) && h.tenorDays > 0 ? h : null,
  };
}

/** Daily readings with each unusable value missing, and the days without a usable spot left out. */
export function saneReadings(history: readonly DailyReading[]): DailyReading[] {
  return history
    .filter((r) => isPrice(r.spot))
    .map((r) => ({
      ...r,
      headlineBasis: orNull(r.headlineBasis, isFigure),
      premium: orNull(r.premium, isRate),
      fundingApr: orNull(r.fundingApr, isFigure),
      openInterestUsd: orNull(r.openInterestUsd, isAmount),
    }));
}
