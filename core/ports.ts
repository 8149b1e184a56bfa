/**
 * The ports: the only ways the domain and the commands reach the outside world. Each is small
 * enough to fake in a few lines; the in-memory store and the fixed clock are real implementations.
 */
import type { Asset, DailyReading, Day, HistoryPoint, MarketSnapshot, SeriesName, VenueId, VenueQuote } from './types.js';

/** One venue's public market data (implemented in bot/market over ccxt). */
export interface VenueMarketData {
  readonly venue: VenueId;
  /** Assets that have spot, a perpetual and dated futures on this venue. */
  assets(): Promise<Asset[]>;
  quote(asset: Asset): Promise<VenueQuote>;
  /** Complete UTC days of one series from `fromDay` (inclusive) to `toDay` (inclusive). */
  history(asset: Asset, series: SeriesName, fromDay: Day, toDay: Day): Promise<HistoryPoint[]>;
}

/** What commands read: aggregated across the configured venues, cached, with fallback. */
export interface Market {
  knownAssets(): Promise<Asset[]>;
  /** Throws UnknownAssetError or MarketUnavailableError (core/errors.ts). */
  snapshot(asset: Asset): Promise<MarketSnapshot>;
  /** Daily readings, oldest first, ending with the last complete day. */
  history(asset: Asset, days: number): Promise<DailyReading[]>;
}

/**
 * Optional on-chain data (none is built in; plug one in through CommandDeps.onChain). Exchange
 * reserves turn open interest into an estimated leverage ratio (OI / reserves); net exchange flows
 * show coins moving to or from venues. Without a provider the note judges leverage from open
 * interest alone and never mentions flows.
 */
export interface OnChainProvider {
  leverageRatio?(asset: Asset): Promise<number | null>;
  /** Net flow to exchanges over the last 7 days, USD (positive = inflow). */
  exchangeNetflowUsd7d?(asset: Asset): Promise<number | null>;
}

export type Platform = 'telegram' | 'discord' | 'console';

/** Where a message goes: a Telegram chat id (as a decimal string, 64-bit safe) or a Discord channel id. */
export interface Destination {
  platform: Platform;
  chatId: string;
}

export const destinationKey = (d: Destination): string => `${d.platform}:${d.chatId}`;

export interface BriefSubscription {
  destination: Destination;
  time: string; // 'HH:MM', local to `timezone`
  timezone: string; // IANA zone
  assets: Asset[];
  createdAt: number;
}

export interface ChatSettings {
  brief: BriefSubscription | null;
  alerts: boolean;
}

export type DeliveryStatus = 'pending' | 'sent' | 'skipped-late' | 'failed';

export interface DeliveryRecord {
  key: string; // unique per (destination, brief, local date)
  destination: Destination;
  status: DeliveryStatus;
  dueAt: number;
  updatedAt: number;
  detail: string | null;
}

export interface Store {
  close(): Promise<void>;

  // History, as named daily series (see SeriesName).
  putHistory(points: HistoryPoint[]): Promise<void>;
  lastHistoryDay(venue: VenueId, asset: Asset, series: SeriesName): Promise<Day | null>;
  loadHistory(venue: VenueId, asset: Asset, fromDay: Day): Promise<HistoryPoint[]>;

  // Subscriptions: a chat has at most one brief subscription (several assets) and an alerts flag.
  setBrief(sub: BriefSubscription): Promise<void>;
  removeBrief(dest: Destination): Promise<boolean>;
  setAlerts(dest: Destination, on: boolean, at: number): Promise<boolean>; // true if it changed
  chatSettings(dest: Destination): Promise<ChatSettings>;
  listBriefs(): Promise<BriefSubscription[]>;
  listAlertDestinations(): Promise<Destination[]>;
  /** A Telegram group that became a supergroup: move everything to the new id. */
  moveDestination(from: Destination, to: Destination): Promise<void>;
  /** The bot was blocked or removed: drop the chat's subscriptions. */
  retireDestination(dest: Destination): Promise<void>;

  // Delivery ledger: a row per (destination, brief, local date).
  /** Inserts a pending row; false when a row with that key already exists. */
  claimDelivery(rec: Omit<DeliveryRecord, 'status' | 'detail'>): Promise<boolean>;
  finishDelivery(key: string, status: Exclude<DeliveryStatus, 'pending'>, at: number, detail?: string): Promise<void>;
  getDelivery(key: string): Promise<DeliveryRecord | null>;
  listDeliveries(status: DeliveryStatus): Promise<DeliveryRecord[]>;
}

export interface Clock {
  now(): number;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Turns an SVG document into PNG bytes (bot/chart over resvg; core only writes SVG). */
export type ChartRenderer = (svg: string) => Uint8Array;
