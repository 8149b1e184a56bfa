/**
 * What /basis, /brief and the scheduled brief share: read the market once, analyse it, draw the
 * chart. The live quote and the stored history are fetched side by side.
 */
import { analyze, type Analysis } from '../core/analysis.js';
import { basisChartSvg } from '../core/chart.js';
import { confidenceBadge } from '../core/narrative/confidence.js';
import { MarketUnavailableError, UnknownAssetError } from '../core/errors.js';
import { saneReadings, saneSnapshot } from '../core/sane.js';
import { movingAverage } from '../core/signals/series.js';
import type { CallFigures } from '../core/ports.js';
import type { DailyReading, MarketSnapshot } from '../core/types.js';
import { onChainInput, readOnChainSeries } from './onchain-view.js';
import type { ReplyImage, Tone } from './reply.js';
import type { CommandDeps } from './types.js';

export interface MarketView {
  asset: string;
  snapshot: MarketSnapshot;
  history: DailyReading[];
  analysis: Analysis;
  chart: ReplyImage;
}

/** The chart shows the last year: enough for the 30-day average to read, small enough to see days. */
const CHART_DAYS = 365;

export interface ViewOptions {
  /** Judge on a live quote no older than this (the alert watcher's interval). */
  maxQuoteAgeMs?: number;
}

export async function loadMarketView(asset: string | null, deps: CommandDeps, opts: ViewOptions = {}): Promise<MarketView> {
  const view = await analyzeMarket(await knownAsset(asset, deps), deps, opts);
  return { ...view, chart: drawChart(view.asset, view.history, deps) };
}

/**
 * The asset asked for, checked against the venues' market lists (a cached look-up) before any
 * quote or history is requested: an unknown asset costs the exchange nothing.
 */
export async function knownAsset(asset: string | null, deps: CommandDeps): Promise<string> {
  const a = asset ?? deps.settings.defaultAsset;
  const known = await deps.market.knownAssets();
  if (!known.includes(a)) throw new UnknownAssetError(a, known);
  return a;
}

/** A broken venue's numbers are missing data, whichever Market served them (core/sane.ts). */
function usable(snapshot: MarketSnapshot): MarketSnapshot {
  const sane = saneSnapshot(snapshot);
  if (!sane) throw new MarketUnavailableError(snapshot.venues.map((venue) => ({ venue, reason: 'sent no usable spot price' })));
  return sane;
}

/** The view without its chart, for callers that draw it only when they need it (the alert watcher). */
export async function analyzeMarket(asset: string | null, deps: CommandDeps, opts: ViewOptions = {}): Promise<Omit<MarketView, 'chart'>> {
  const a = asset ?? deps.settings.defaultAsset;
  const [snapshot, history, series] = await Promise.all([
    deps.market.snapshot(a, opts.maxQuoteAgeMs === undefined ? undefined : { maxAgeMs: opts.maxQuoteAgeMs }).then(usable),
    deps.market.history(a, deps.settings.historyDays).then(saneReadings),
    readOnChainSeries(deps, a),
  ]);
  const analysis = analyze({
    asset: a,
    history,
    snapshot,
    band: deps.settings.band,
    onChain: series === null ? null : await onChainInput(deps, a, series, snapshot.venues),
    // Without a cache (some tests) analyze() replays the history itself: the same table, uncached.
    ...(deps.calibrations ? { calibration: deps.calibrations.get(a, history, deps.settings.band) } : {}),
  });
  return { asset: a, snapshot, history, analysis };
}

export function drawChart(asset: string, history: DailyReading[], deps: Pick<CommandDeps, 'chart' | 'settings'>): ReplyImage {
  const basis = history.map((r) => r.headlineBasis);
  const ma7 = movingAverage(basis, 7);
  const ma30 = movingAverage(basis, 30);
  const from = Math.max(0, history.length - CHART_DAYS);
  const shown = history.slice(from);
  const last = shown.at(-1)?.day ?? 'no data';
  const svg = basisChartSvg({
    title: `${asset} futures basis, ~90-day annualized`,
    subtitle: `Daily to ${last} · 7- and 30-day averages`,
    days: shown.map((r) => r.day),
    basis: basis.slice(from),
    ma7: ma7.slice(from),
    ma30: ma30.slice(from),
    price: shown.map((r) => r.spot),
    priceLabel: `${asset} spot (USDT)`,
    band: deps.settings.band,
  });
  return {
    png: deps.chart(svg),
    filename: `${asset.toLowerCase()}-basis.png`,
    alt: `${asset} futures basis with its 7- and 30-day averages, and spot price, to ${last}`,
    cacheKey: `${asset}:${last}`,
  };
}

export const toneOf = (label: 'Bullish' | 'Neutral' | 'Bearish'): Tone =>
  label === 'Bullish' ? 'bullish' : label === 'Bearish' ? 'bearish' : 'neutral';

export const badgeOf = (a: Analysis): string => confidenceBadge(a.note.confidence);

/** The call a brief or an alert states, for the track record (Reply.call): the note's label, its measured confidence, the basis and live spot. */
export function callOf(view: Pick<MarketView, 'asset' | 'snapshot' | 'analysis'>): CallFigures {
  const { signals, regime, confidence } = view.analysis;
  return {
    asset: view.asset,
    day: signals.asOf,
    label: regime.label,
    score: regime.score,
    confidence: confidence.estimate,
    cases: confidence.cases,
    basis: signals.basis.level,
    spot: view.snapshot.reference.price,
  };
}
