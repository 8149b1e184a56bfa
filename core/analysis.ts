/**
 * The one entry point for a market read: signals → regime → note, plus historical analogs. The
 * /brief and /basis commands and the scheduled brief call analyze(); it is pure and deterministic.
 */
import { findAnalogs, type Analog } from './analogs.js';
import { writeNote, type Note } from './narrative/note.js';
import { classify, type Regime } from './regime/classify.js';
import { computeSignals } from './signals/index.js';
import type { Signals } from './signals/types.js';
import type { DailyReading, MarketSnapshot } from './types.js';

export type { Analog } from './analogs.js';
export type { Note } from './narrative/note.js';
export type { Regime, Driver, RegimeLabel } from './regime/classify.js';
export type { Signals } from './signals/types.js';
export { scoringTable } from './regime/weights.js';

export interface AnalysisInput {
  asset: string; // 'BTC'
  assetName?: string; // 'Bitcoin'; defaults from ASSET_NAMES, else the ticker
  history: DailyReading[];
  snapshot: MarketSnapshot | null;
  band: readonly [number, number]; // annualized fractions, e.g. [0, 0.005]
  leverageRatio?: number | null; // from an optional on-chain provider; none built in
  exchangeFlows?: { netflowUsd7d: number } | null; // absent → flows are never mentioned
}

export interface Analysis {
  signals: Signals;
  regime: Regime;
  note: Note;
  analogs: Analog[];
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
  const name = input.assetName ?? ASSET_NAMES[input.asset.toUpperCase()] ?? input.asset.toUpperCase();
  return { signals, regime, note: writeNote(name, signals, regime, analogs), analogs };
}
