/** All signals for one asset, from its daily history and (optionally) the live snapshot. */
import { dayOf } from '../calendar.js';
import { THRESHOLDS } from '../regime/weights.js';
import type { DailyReading, MarketSnapshot } from '../types.js';
import { basisSignal } from './basis.js';
import { leverageSignal } from './leverage.js';
import { momentumSignal } from './momentum.js';
import { onChainSignal, type OnChainInput } from './onchain.js';
import { rankSignal } from './rank.js';
import type { Signals } from './types.js';

export type * from './types.js';

export interface SignalsInput {
  asset: string;
  history: readonly DailyReading[];
  snapshot: MarketSnapshot | null;
  band: readonly [number, number];
  /** From an on-chain provider (CommandDeps.onChain); absent when none is configured. */
  onChain?: OnChainInput | null;
}

/** Today's value: the live snapshot's when it has one, else the last reading's. */
const today = (live: number | null | undefined, series: readonly (number | null)[]) =>
  live ?? series[series.length - 1] ?? null;

export function computeSignals(input: SignalsInput): Signals {
  const { history, snapshot } = input;
  const days = history.map((r) => r.day);
  const funding = history.map((r) => r.fundingApr);
  const premium = history.map((r) => r.premium);
  const headline = snapshot?.headline;
  const live = headline && snapshot ? { day: dayOf(snapshot.at), value: headline.annualized } : null;
  const lastDay = days[days.length - 1];
  const asOf = live?.day ?? lastDay ?? (snapshot ? dayOf(snapshot.at) : '');
  // With a live value, the whole history is "the past"; without one, the last reading is today.
  const pastOf = <T>(xs: readonly T[], liveValue: unknown): readonly T[] => (liveValue == null ? xs.slice(0, -1) : xs);
  const liveFunding = snapshot?.funding?.apr ?? null;
  const livePremium = snapshot?.perp?.premium ?? null;

  return {
    asset: input.asset,
    asOf,
    basis: basisSignal(days, history.map((r) => r.headlineBasis), input.band, live),
    funding: rankSignal(today(liveFunding, funding), pastOf(funding, liveFunding), THRESHOLDS.rankWindow),
    premium: rankSignal(today(livePremium, premium), pastOf(premium, livePremium), THRESHOLDS.rankWindow),
    leverage: leverageSignal(
      history.map((r) => r.openInterestUsd),
      snapshot?.openInterest?.usd ?? null,
    ),
    momentum: momentumSignal(history.map((r) => r.spot), lastDay ?? null, snapshot?.reference.price ?? null),
    onChain: input.onChain ? onChainSignal(input.onChain, asOf) : null,
    historyDays: history.length,
  };
}
