/**
 * Domain vocabulary, defined once.
 *
 * - **Spot**: the price of the asset itself (ASSET/USDT on the venue's spot market).
 * - **Perpetual** ("perp"): a future with no expiry, held near spot by **funding** — a payment
 *   between longs and shorts every funding interval (8h on most Binance contracts, but 4h or 1h on
 *   others: never assume). Positive funding = longs pay shorts = demand for leverage long.
 * - **Perpetual premium**: (perp mark − perp index) / index. On Binance it sits a few hundredths of
 *   a percent below zero almost every day, so only its level against its own history means anything.
 * - **Dated (quarterly) future**: a future that settles at a fixed expiry.
 * - **Basis**: (future − spot) / spot. Positive = **contango** (futures above spot: traders pay up
 *   to be long later), negative = **backwardation** (futures below spot: de-risking, hedging demand).
 * - **Annualized basis**: basis × 365 / days to expiry — comparable across contracts.
 * - **Headline basis**: the annualized basis at a constant ~90-day maturity, interpolated between the
 *   contracts that straddle 90 days (or the quarterly nearest to 90 days).
 * - **Open interest** (OI): the value of futures positions still open.
 * - **Exchange flows** (on-chain): coins sent to (inflow) or withdrawn from (outflow) addresses
 *   attributed to exchanges in a day; a net inflow readies coins for sale. Transfers between
 *   exchanges are left out. **Exchange supply**: coins held by those addresses (an underestimate:
 *   only identified addresses count).
 * - **Leverage ratio** (here): open interest in coins across the configured venues ÷ exchange
 *   supply of all attributed exchanges. Not a per-exchange ratio (one venue's OI over its own
 *   reserve, as CryptoQuant publishes), which is several times larger: read it against its own history.
 *
 * All times are epoch milliseconds (UTC); all days are 'YYYY-MM-DD' in UTC. Rates are fractions
 * (0.01 = 1 %), never percentages, until text is written.
 */

export type Asset = string; // upper-case base currency: 'BTC', 'ETH'
export type VenueId = 'binance' | 'okx' | 'bybit';
export type Day = string; // 'YYYY-MM-DD', UTC
/** Where stored history comes from: a venue, or an on-chain data provider. */
export type HistorySource = VenueId | 'coinmetrics';

/** What one venue reports for one asset right now — raw prices, no derived signals. */
export interface VenueQuote {
  venue: VenueId;
  asset: Asset;
  at: number;
  spot: number; // spot last price, the reference for the basis
  perp: { symbol: string; mark: number; index: number } | null;
  funding: { rate: number; intervalHours: number; nextFundingTime: number | null } | null;
  openInterest: { coins: number; usd: number } | null;
  dated: DatedQuote[];
}

export interface DatedQuote {
  symbol: string; // e.g. 'BTC/USDT:USDT-261225'
  expiry: number;
  price: number; // mark price when the venue gives one, else last
  openInterestUsd: number | null;
}

/** A dated contract with its basis computed against the reference price. */
export interface DatedBasis extends DatedQuote {
  venue: VenueId;
  daysToExpiry: number;
  basis: number; // (F − S) / S
  annualized: number; // basis × 365 / daysToExpiry
}

/** The headline basis and how it was obtained. */
export interface HeadlineBasis {
  annualized: number;
  tenorDays: number; // 90 when interpolated, else the days to expiry of the contract used
  method: 'interpolated' | 'nearest';
  contracts: string[]; // symbols used
  venues: VenueId[];
}

/** Every current number a reply needs, derived from one or more venue quotes. */
export interface MarketSnapshot {
  asset: Asset;
  at: number;
  venues: VenueId[]; // venues that answered, in preference order
  reference: { venue: VenueId; kind: 'spot last'; price: number };
  perp: { venue: VenueId; symbol: string; mark: number; index: number; premium: number } | null;
  funding: { venue: VenueId; rate: number; intervalHours: number; nextFundingTime: number | null; apr: number } | null;
  openInterest: { coins: number; usd: number; venues: VenueId[] } | null;
  dated: DatedBasis[];
  headline: HeadlineBasis | null;
}

/**
 * Stored history is kept as named daily series (one value per venue, asset, series and day), so
 * that each series is topped up on its own: open-interest history only reaches back ~30 days on
 * Binance, klines reach back years.
 */
export type SeriesName =
  | 'spot' // spot daily close
  | 'quarter' // current-quarter future daily close
  | 'quarter_expiry' // expiry (ms) of the contract behind that day's 'quarter' close
  | 'next_quarter'
  | 'next_quarter_expiry'
  | 'premium' // perpetual premium index, daily close (fraction)
  | 'funding' // sum of the funding rates paid that day (fraction per day)
  | 'oi_usd' // open interest at the day's snapshot, USD
  | 'oi_coins'
  // On-chain, per UTC day (source 'coinmetrics'):
  | 'flow_in_ntv' // coins sent to exchanges
  | 'flow_out_ntv' // coins withdrawn from exchanges
  | 'flow_in_usd'
  | 'flow_out_usd'
  | 'supply_ex_ntv'; // coins held on exchanges at the day's end

export interface HistoryPoint {
  venue: HistorySource;
  asset: Asset;
  series: SeriesName;
  day: Day;
  value: number;
}

/** One day of history, pivoted and with the basis derived. Missing readings are null. */
export interface DailyReading {
  day: Day;
  spot: number;
  headlineBasis: number | null; // annualized, ~90-day constant maturity
  premium: number | null;
  fundingApr: number | null;
  openInterestUsd: number | null;
}

/** One UTC day of on-chain exchange data (null: not published yet, or not served). */
export interface ExchangeDay {
  day: Day;
  flowInNtv: number | null;
  flowOutNtv: number | null;
  flowInUsd: number | null;
  flowOutUsd: number | null;
  supplyNtv: number | null;
}

export type ExchangeMetric = Exclude<keyof ExchangeDay, 'day'>;
