/**
 * The one entry point for a market read: signals → regime → measured confidence → note, plus
 * historical analogs. The /brief and /basis commands, the scheduled brief and the alert watcher
 * call analyze(); it is pure and deterministic.
 */
import { findAnalogs, type Analog } from './analogs.js';
import { eventAnalogs, type EventAnalogs } from './episodes.js';
import { writeNote, type Note } from './narrative/note.js';
import { classify, type Regime } from './regime/classify.js';
import { calibrate, confidenceFor, type Calibration, type Confidence } from './replay/calibration.js';
import { replayHistory } from './replay/replay.js';
import { computeSignals } from './signals/index.js';
import type { OnChainInput } from './signals/onchain.js';
import type { Signals } from './signals/types.js';
import type { DailyReading, MarketSnapshot } from './types.js';

export type { Analog } from './analogs.js';
export type { EventAnalogs, Episode, EventKind, Phase } from './episodes.js';
export type { Note } from './narrative/note.js';
export type { Regime, Driver, RegimeLabel } from './regime/classify.js';
export type { Signals } from './signals/types.js';
export type { OnChainInput, OpenInterestCoins } from './signals/onchain.js';
export type { Calibration, Confidence } from './replay/calibration.js';
export { scoringTable } from './regime/weights.js';

export interface AnalysisInput {
  asset: string; // 'BTC'
  assetName?: string; // 'Bitcoin'; defaults from ASSET_NAMES, else the ticker
  history: DailyReading[];
  snapshot: MarketSnapshot | null;
  band: readonly [number, number]; // annualized fractions, e.g. [0, 0.005]
  /** Exchange flows and supply from an on-chain provider; absent → they are never mentioned. */
  onChain?: OnChainInput | null;
  /**
   * The calibration table the confidence is read from (core/replay). Absent: replayed here from
   * `history` (about 0.1 s a year of history) — right, but callers that analyze many days or
   * answer many requests pass it: the bot caches one per asset per day, and a walk over a history
   * takes each day's table from one replay (calibrate(replayHistory(…), day)). null: no table.
   */
  calibration?: Calibration | null;
}

export interface Analysis {
  signals: Signals;
  regime: Regime;
  note: Note;
  analogs: Analog[];
  /** Earlier episodes of the event today's note is about (a flip, a band crossed, an average cross); null: no event. */
  events: EventAnalogs | null;
  /** What the replayed history says about calls like today's; the same object as note.confidence. */
  confidence: Confidence;
  calibration: Calibration | null;
}

export const ASSET_NAMES: Readonly<Record<string, string>> = {
  BTC: 'Bitcoin',
  ETH: 'Ether',
  SOL: 'Solana',
  XRP: 'XRP',
  BNB: 'BNB',
  DOGE: 'Dogecoin',
  ADA: 'Cardano',
  LTC: 'Litecoin',
};

export function analyze(input: AnalysisInput): Analysis {
  const signals = computeSignals(input);
  const regime = classify(signals);
  const analogs = findAnalogs(input.history, signals);
  const events = eventAnalogs(input.history, signals);
  const calibration = input.calibration !== undefined ? input.calibration : calibrate(replayHistory(input.history, input.band, { asset: input.asset }));
  const confidence = confidenceFor(calibration, regime.label, regime.score);
  const name = input.assetName ?? ASSET_NAMES[input.asset.toUpperCase()] ?? input.asset.toUpperCase();
  const note = writeNote(name, signals, regime, analogs, { confidence, calibration }, events);
  return { signals, regime, note, analogs, events, confidence, calibration };
}
