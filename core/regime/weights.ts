/**
 * Every weight and threshold of the regime score, in one place. Each driver scores the market in
 * [−1, +1] (negative = bearish); the regime score is the weighted mean over the drivers that have
 * data. Change a number here and the README table (scoringTable()) follows.
 */

export type DriverKey =
  | 'basisLevel'
  | 'basisTrend'
  | 'funding'
  | 'premium'
  | 'openInterest'
  | 'momentum'
  | 'drawdown'
  | 'flows'
  | 'leverageRatio';

export interface WeightSpec {
  weight: number;
  label: string;
  /** Why this weight: copied into the README. */
  why: string;
  /** Optional drivers (no built-in provider) never count as missing. */
  optional?: boolean;
}

export const WEIGHTS: Readonly<Record<DriverKey, WeightSpec>> = {
  basisLevel: {
    weight: 0.3,
    label: 'Basis level',
    why: 'The dated-futures basis is what traders pay to be long later; below spot is the clearest de-risking sign, so it weighs most.',
  },
  basisTrend: {
    weight: 0.2,
    label: 'Basis trend',
    why: 'Direction of the 7- and 30-day averages and their cross: confirms or contradicts the level.',
  },
  funding: {
    weight: 0.12,
    label: 'Funding',
    why: 'Perpetual funding APR ranked against its own year: demand for leveraged longs, noisier than the basis.',
  },
  premium: {
    weight: 0.05,
    label: 'Perp premium',
    why: 'Perpetual premium ranked against its own year; on Binance it sits below zero almost daily, so only its rank counts and it weighs little.',
  },
  openInterest: {
    weight: 0.1,
    label: 'Open interest',
    why: '7-day OI change signed by the 7-day price move: new positions with a rising price add conviction, with a falling price they add pressure.',
  },
  momentum: {
    weight: 0.13,
    label: 'Momentum',
    why: '7- and 30-day spot returns: the basis follows price, so price direction is corroborating evidence.',
  },
  drawdown: {
    weight: 0.1,
    label: 'Drawdown',
    why: 'Distance below the 90-day high: deep drawdowns mark risk-off markets even when the basis holds up.',
  },
  flows: {
    weight: 0.1,
    label: 'Exchange flows',
    why: "7-day net flow of coins to exchanges, ranked against its own past year: the year's largest inflow (coins readied for sale) scores −1, its largest outflow +1. Only with an on-chain provider (ONCHAIN_PROVIDER).",
    optional: true,
  },
  leverageRatio: {
    weight: 0.05,
    label: 'Leverage ratio',
    why: 'The 30-day change of the leverage ratio (open interest in coins ÷ coins on exchanges), ±25% scoring ±1: leverage rebuilt is risk appetite returning, leverage cooling is de-risking. Blind to direction (shorts count too), so it weighs little. Only with an on-chain provider.',
    optional: true,
  },
};

/** Thresholds, each with the reason it sits where it does. */
export const THRESHOLDS = {
  /** Regime score at or above which the label is Bullish (at or below the negative, Bearish). */
  label: 0.2,
  /** Annualized basis that counts as ordinary carry (about the median of the 2021–26 derived series): scores 0. */
  neutralCarry: 0.05,
  /** Basis above neutral carry that scores +1 (frothy contango, ~15% annualized). */
  carryScale: 0.1,
  /** Any basis below the band's lower edge scores at least this bearish: futures under spot is news. */
  belowBandFloor: -0.6,
  /** How far below the band the basis must sink to score −1. */
  belowBandScale: 0.02,
  /** Change in a moving average over SLOPE_DAYS below which it counts as flat (annualized fraction). */
  flatSlope: 0.0015,
  slopeDays: 5,
  /** A 7/30 cross or a sign change within this many days counts as recent. */
  recentDays: 14,
  /** Window for ranking funding and premium against their own history (days). */
  rankWindow: 365,
  /** OI change over 7 days that scores ±1. */
  oiScale: 0.1,
  /** Price moves smaller than this do not sign the OI driver. */
  oiPriceDeadband: 0.01,
  /** 30- and 7-day returns that score ±1. */
  return30Scale: 0.15,
  return7Scale: 0.07,
  /** Drawdown from the 90-day high that scores 0 (shallower is mildly bullish), and the slope. */
  drawdownNeutral: 0.075,
  drawdownScale: 0.15,
  /** A 30-day change of the leverage ratio (relative) that scores ±1. */
  leverageRatioScale: 0.25,
  /** A driver moving the score by less than this is not named as pulling against the label. */
  rationaleMinContribution: 0.02,
  /** A fall of the 7-day basis average by this much over 30 days, still positive, is a collapse. */
  collapseDrop: 0.05,
} as const;

const pctOf = (x: number): string => `${Math.round(x * 100)}%`;

/** The weights as a markdown table, for the README. */
export function scoringTable(): string {
  const rows = (Object.keys(WEIGHTS) as DriverKey[]).map((k) => {
    const w = WEIGHTS[k];
    return `| ${w.label} | ${pctOf(w.weight)}${w.optional ? ' (optional)' : ''} | ${w.why} |`;
  });
  return [
    '| Driver | Weight | Why |',
    '|---|---|---|',
    ...rows,
    '',
    `Label: Bullish when the weighted score ≥ +${THRESHOLDS.label}, Bearish when ≤ −${THRESHOLDS.label}, else Neutral. ` +
      'Drivers without data are left out of the mean and named as missing.',
  ].join('\n');
}
