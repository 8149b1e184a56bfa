/** The readings the regime and the note are built from: every field is derived from the inputs. */
import type { Day } from '../types.js';

export type Direction = 'rising' | 'falling' | 'flat';
export type SignSide = 'negative' | 'positive';
export type BandSide = 'below' | 'inside' | 'above';

/** The current unbroken run of a series on one side of a line, and when it was last there before. */
export interface SideRun<S extends string = string> {
  side: S;
  startedOn: Day;
  /** Readings since the run began (1 = it began with the latest reading). */
  length: number;
  /** The last day before this run on the same side — "the first time since …"; null if never. */
  lastBefore: Day | null;
  /** The first day of the history searched, to say "in the N days on record" when lastBefore is null. */
  searchedFrom: Day;
}

export interface BasisSignal {
  /** Today's annualized ~90-day basis (fraction): the live headline, else the last reading. */
  level: number | null;
  levelDay: Day | null;
  source: 'snapshot' | 'history' | null;
  band: readonly [number, number];
  bandSide: BandSide | null;
  ma7: number | null;
  ma30: number | null;
  /** The 7-day average 30 readings ago, to say where the basis stood a month back. */
  ma7MonthAgo: number | null;
  /** Change of each average over THRESHOLDS.slopeDays. */
  slope7: number | null;
  slope30: number | null;
  dir7: Direction | null;
  dir30: Direction | null;
  cross: 'above' | 'below' | null; // the 7-day average against the 30-day
  crossDaysAgo: number | null; // readings since the 7-day average last changed side; null if never
  crossCount30: number; // 7/30 crosses in the last 30 readings: many = chop
  sign: SideRun<SignSide> | null;
  bandRun: SideRun<BandSide> | null;
  ma7Sign: SideRun<SignSide> | null;
}

/** A series judged against its own history (funding APR, perpetual premium). */
export interface RankSignal {
  value: number | null;
  /** Share of the previous window's readings below today's, in [0, 1]. */
  percentile: number | null;
  zScore: number | null;
  mean: number | null;
  window: number; // readings compared against
}

export interface LeverageSignal {
  oiUsd: number | null;
  change7: number | null;
  change30: number | null;
  /** Where today's OI sits in its 90-day range: 0 = the low, 1 = the high. */
  range90: number | null;
}

export interface MomentumSignal {
  /** The latest daily close, of `priceDay`. */
  price: number | null;
  priceDay: Day | null;
  /** The live spot price of the snapshot, when there is one: not a close. */
  live: number | null;
  return7: number | null;
  return30: number | null;
  prevReturn7: number | null; // the week before
  acceleration: number | null; // return7 − prevReturn7
  high90: number | null;
  drawdown90: number | null; // price / 90-day high − 1 (≤ 0)
}

export interface Signals {
  asset: string;
  asOf: Day;
  basis: BasisSignal;
  funding: RankSignal;
  premium: RankSignal;
  leverage: LeverageSignal;
  momentum: MomentumSignal;
  /** On-chain readings; null when no on-chain provider is configured (the note never mentions them). */
  onChain: OnChainSignal | null;
  historyDays: number;
}

/** Why an on-chain reading is left out. */
export interface Missing {
  why:
    | 'failed' // the provider had nothing to give (detail: why)
    | 'stale' // its last day (asOf) is more than two days old
    | 'unsupported' // the provider does not publish it for this asset
    | 'forbidden' // not with these credentials
    | 'no-data' // nothing published yet
    | 'gap' // a day of the week it sums is missing
    | 'no-open-interest'; // no stored open interest for the days the provider covers
  asOf: Day | null;
  detail?: string;
}

/** The 7-day net flow to exchanges (positive = inflow), in coins and USD, against its own past year. */
export interface FlowReading {
  asOf: Day; // the last day summed
  netNtv7: number;
  netUsd7: number | null;
  /** False when the provider does not serve the USD series (so its absence is no gap). */
  usdServed: boolean;
  /** Share of the past year's 7-day nets below this one; null with too few of them. */
  percentile: number | null;
  window: number;
  /** The latest earlier day whose 7-day net was as large in the same direction; null: none on record. */
  lastAsLarge: Day | null;
  monthsSince: number | null;
  /** The first day with a 7-day net, and the whole months from it to asOf. */
  recordFrom: Day;
  recordMonths: number;
  /** The week's largest inflow day, when it is a spike against the median day of the 90 before. */
  spike: { day: Day; inflowNtv: number; multiple: number } | null;
}

/** Open interest in coins ÷ coins on exchanges, on the provider's last day that has both. */
export interface RatioReading {
  asOf: Day;
  value: number;
  weekAgo: number | null;
  monthAgo: number | null;
  change7: number | null; // relative: value / weekAgo − 1
  change30: number | null;
  /** Where it sits in its one-year range: 0 = the low, 1 = the high; null with too few readings. */
  range: number | null;
  /** Days from the range's first reading to asOf (365 once a year is stored). */
  rangeDays: number;
  /** The venues whose open interest was summed. */
  oiVenues: string[];
}

export interface OnChainSignal {
  source: string; // 'Coin Metrics'
  flows: FlowReading | null;
  ratio: RatioReading | null;
  flowsMissing: Missing | null;
  ratioMissing: Missing | null;
}
