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
  /** Estimated leverage ratio from an on-chain provider, if any. */
  ratio: number | null;
}

export interface MomentumSignal {
  price: number | null;
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
  flows: { netflowUsd7d: number } | null;
  historyDays: number;
}
