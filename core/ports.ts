/**
 * The ports: the only ways the domain and the commands reach the outside world. Each is small
 * enough to fake in a few lines; the in-memory store and the fixed clock are real implementations.
 */
import type { AlertKind, AlertLevels, AlertState } from './alerts/types.js';
import type { RegimeLabel } from './regime/classify.js';
import type {
  Asset,
  DailyReading,
  Day,
  ExchangeDay,
  ExchangeMetric,
  HistoryPoint,
  HistorySource,
  MarketSnapshot,
  SeriesName,
  VenueId,
  VenueQuote,
} from './types.js';

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
  /**
   * Throws UnknownAssetError or MarketUnavailableError (core/errors.ts). `maxAgeMs` bounds the age
   * of a cached quote for this caller (the alert watcher never judges on an older one).
   */
  snapshot(asset: Asset, opts?: { maxAgeMs?: number }): Promise<MarketSnapshot>;
  /** Daily readings, oldest first, ending with the last complete day. */
  history(asset: Asset, days: number): Promise<DailyReading[]>;
}

/**
 * Optional on-chain exchange data (Coin Metrics in bot/onchain; plugged in as CommandDeps.onChain).
 * Daily exchange flows and exchange supply; the supply turns open interest into a leverage ratio.
 * Without a provider the note judges leverage from open interest alone and never mentions flows.
 */
export interface OnChainProvider {
  /** Named in the note's provenance line: 'Coin Metrics'. */
  readonly source: string;
  /** The licence the data comes under, for the source line ('Coin Metrics community data: CC BY-NC 4.0'); null when none is owed. */
  readonly attribution: string | null;
  /**
   * The asset's stored daily series, oldest first, topped up when due. Throws
   * OnChainUnavailableError (core/errors.ts) when it has nothing to offer for the asset.
   */
  exchangeSeries(asset: Asset): Promise<ExchangeSeries>;
}

export interface ExchangeSeries {
  source: string;
  days: ExchangeDay[];
  /** Metrics the provider does not serve for this asset: not published for it, or not with these credentials. */
  notServed: { metric: ExchangeMetric; why: 'unsupported' | 'forbidden' }[];
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

export type { AlertKind, AlertLevel, AlertLevels, AlertState } from './alerts/types.js';

export interface AlertSubscription {
  destination: Destination;
  /** Assets watched in this chat; empty means the bot's default asset (rows from before alerts took assets). */
  assets: Asset[];
  /** The chat's level for each kind (a kind never set is 'on'). */
  levels: AlertLevels;
  updatedAt: number;
}

export interface ChatSettings {
  brief: BriefSubscription | null;
  alerts: AlertSubscription | null;
}

/** Daily history, as named daily series (see SeriesName). */
export interface HistoryStore {
  putHistory(points: HistoryPoint[]): Promise<void>;
  lastHistoryDay(venue: HistorySource, asset: Asset, series: SeriesName): Promise<Day | null>;
  loadHistory(venue: HistorySource, asset: Asset, fromDay: Day): Promise<HistoryPoint[]>;
}

/** What each chat asked for: at most one brief subscription (several assets) and one alert subscription. */
export interface SubscriptionStore {
  setBrief(sub: BriefSubscription): Promise<void>;
  removeBrief(dest: Destination): Promise<boolean>; // true if there was one
  /** Turns alerts on for `assets` (replacing the list), keeping the chat's levels; true if they were off. */
  setAlerts(dest: Destination, assets: Asset[], at: number): Promise<boolean>;
  removeAlerts(dest: Destination): Promise<boolean>; // true if they were on
  /** Changes some kinds' levels; null (and nothing stored) when alerts are off in that chat. */
  setAlertLevels(dest: Destination, levels: Partial<AlertLevels>, at: number): Promise<AlertSubscription | null>;
  chatSettings(dest: Destination): Promise<ChatSettings>;
  listBriefs(): Promise<BriefSubscription[]>;
  listAlerts(): Promise<AlertSubscription[]>;
  /** A Telegram group that became a supergroup: its subscriptions move to the new id. */
  moveDestination(from: Destination, to: Destination): Promise<void>;
  /** The bot was blocked or removed: the chat's subscriptions are dropped. */
  retireDestination(dest: Destination): Promise<void>;
}

export type OutboxKind = 'brief' | 'alert';
/**
 * pending: waiting or in flight · sent · failed (with its reason) · skipped-late: a brief that came
 * due too long ago to be worth sending · stale: an alert that could not go out within its window ·
 * moved: the chat moved, a row for its new id took over · cancelled: unsubscribed or retired first.
 */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'skipped-late' | 'stale' | 'moved' | 'cancelled';

/** One message for one destination, as producers write it (before anything is sent). */
export interface OutboxEntry {
  destination: Destination;
  kind: OutboxKind;
  /** What makes the message unique for its destination: a brief's local day, an alert's `ASSET#seq`. */
  slot: string;
  /** Payload keys (rendered replies, shared by every row of the same slot), sent in order. */
  payloads: string[];
  /** Sent without a notification sound. */
  silent: boolean;
  /** Higher goes first (alerts before briefs). */
  priority: number;
  dueAt: number;
  /** Not sent after this instant: the end of a brief's grace window, the moment an alert turns stale. */
  expiresAt: number;
}

export interface OutboxRow extends OutboxEntry {
  key: string; // outboxKey(entry)
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  /** Platform messages already delivered, counted across all payloads (a retry resumes after them). */
  partsSent: number;
  messageIds: string[];
  detail: string | null;
  /** The sender holding the row, until `leaseUntil`; a lapsed lease may be claimed by anyone. */
  claimedBy: string | null;
  leaseUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/** `brief:telegram:1001:2026-01-15`, `alert:discord:42:BTC#7`. */
export const outboxKey = (e: Pick<OutboxEntry, 'kind' | 'destination' | 'slot'>): string => `${e.kind}:${destinationKey(e.destination)}:${e.slot}`;

export interface ClaimOptions {
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
  platforms: Platform[];
}

/**
 * The durable delivery queue. Rows are written before anything is sent; retries, backoff and
 * progress live in the row, so a restart continues where the last process stopped.
 */
export interface OutboxStore {
  /** Inserts the entries whose key is new (as pending, or as already-ended `status`); returns the keys inserted. */
  enqueue(entries: OutboxEntry[], now: number, ended?: { status: Exclude<OutboxStatus, 'pending'>; detail: string }): Promise<string[]>;
  /** Which of these keys have a row, whatever its status. */
  existing(keys: string[]): Promise<Set<string>>;
  get(key: string): Promise<OutboxRow | null>;
  /** Oldest due first. */
  list(filter?: { status?: OutboxStatus; kind?: OutboxKind; destination?: Destination }): Promise<OutboxRow[]>;
  /**
   * Claims up to `limit` pending rows on `platforms` due by `now` that no live lease holds: highest
   * priority first, then earliest due. Claimed rows come back with claimedBy/leaseUntil set.
   */
  claim(o: ClaimOptions): Promise<OutboxRow[]>;
  /** Records parts delivered on a row this owner holds; false if the claim was lost. */
  progress(key: string, owner: string, p: { partsSent: number; messageIds: string[]; now: number }): Promise<boolean>;
  /** Back to pending for a later attempt, claim released; false if the claim was lost. */
  retryLater(key: string, owner: string, r: { nextAttemptAt: number; attempts: number; detail: string; now: number }): Promise<boolean>;
  /** Ends a row this owner holds; false if the claim was lost. */
  finish(key: string, owner: string, status: Exclude<OutboxStatus, 'pending'>, detail: string | null, now: number): Promise<boolean>;
  /** Ends every pending row of a destination (of one kind, or all): unsubscribed or retired. Returns how many. */
  cancelPending(dest: Destination, kind: OutboxKind | null, detail: string, now: number): Promise<number>;
  /** Releases the claims of `owner` (all claims when null), e.g. at start on a single-process store. */
  releaseClaims(owner: string | null): Promise<number>;
  /** The earliest nextAttemptAt of a pending row on these platforms, or null when none. */
  nextDueAt(platforms: Platform[]): Promise<number | null>;
  /**
   * The chat moved (Telegram migration): its pending rows are re-keyed to the new id, and its ended
   * rows are copied there with their status, so a slot already served is not served again.
   */
  moveDestination(from: Destination, to: Destination, now: number): Promise<void>;
  /** Row counts by status. */
  counts(): Promise<Record<OutboxStatus, number>>;
  /** Deletes ended rows updated before `before` and payloads no pending row uses that were created before it. */
  prune(before: number): Promise<number>;

  /** A rendered reply, serialized (bot/delivery owns the format); storing an existing key is a no-op. */
  putPayload(key: string, body: string, now: number): Promise<void>;
  getPayload(key: string): Promise<string | null>;
  /** Platform media ids (Telegram file_id) by content key, so an upload survives a restart. */
  getMedia(platform: Platform, cacheKey: string): Promise<string | null>;
  putMedia(platform: Platform, cacheKey: string, mediaId: string, now: number): Promise<void>;
}

/** The alert watcher's memory: per asset, the confirmed state; per chat, asset and kind, the last alert. */
export interface AlertStateStore {
  getState(asset: Asset): Promise<AlertState | null>;
  putState(asset: Asset, state: AlertState, now: number): Promise<void>;
  /** When each chat last got an alert of each kind for `asset` (destinationKey → kind → instant). */
  lastAlerted(asset: Asset): Promise<Map<string, Partial<Record<AlertKind, number>>>>;
  markAlerted(marks: { destination: Destination; asset: Asset; kinds: AlertKind[] }[], at: number): Promise<void>;
  moveDestination(from: Destination, to: Destination): Promise<void>;
  retireDestination(dest: Destination): Promise<void>;
}

/**
 * What several instances on one database agree on: who leads (a lease with an expiry, taken over
 * once it lapses), and values that must be the same everywhere (a generated webhook secret).
 */
export interface ClusterStore {
  /** Takes the lease, or renews it for its holder, until now + ttlMs; true when `holder` holds it now. */
  acquireLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  /** Gives the lease up at once (a clean shutdown), if `holder` holds it. */
  releaseLease(name: string, holder: string): Promise<void>;
  /** The value stored under `key`, storing `proposed` first when there is none: every instance gets the same. */
  sharedValue(key: string, proposed: string, now: number): Promise<string>;
  /**
   * This instance is alive at `now`; returns how many instances were seen within `ttlMs` (itself
   * included), so that each sends its share of the platforms' rate limits.
   */
  heartbeat(holder: string, now: number, ttlMs: number): Promise<number>;
  /** This instance is leaving: it no longer counts. */
  leave(holder: string): Promise<void>;
}

/** What a brief or an alert stated as its call, at the moment it was produced. */
export interface CallFigures {
  asset: Asset;
  /** The market day the figures are of (the analysis' asOf). */
  day: Day;
  label: RegimeLabel;
  score: number;
  /** The measured confidence stated with it (core/replay), null when none could be; and the cases behind it. */
  confidence: number | null;
  cases: number;
  /** The headline basis and the spot price the message stated. */
  basis: number | null;
  spot: number;
}

/** A call the bot published: its figures, and when a message stating it was first delivered. */
export interface PublishedCall extends CallFigures {
  /** An alert's `alert:ASSET#seq`; a brief's payload key (`brief:ASSET:2026-02-08T08:00`). */
  key: string;
  kind: OutboxKind;
  publishedAt: number;
}

/**
 * The bot's own track record (/track): the calls it published in briefs and alerts. A call is
 * recorded once, at its first delivery; later deliveries of the same call change nothing.
 */
export interface CallStore {
  /** Records the calls whose key is new; returns the keys recorded. */
  record(calls: PublishedCall[]): Promise<string[]>;
  /** An asset's calls, newest first (by first delivery), at most `limit`. */
  list(asset: Asset, limit: number): Promise<PublishedCall[]>;
}

/** Every part of the store, each with its own contract suite (test/store/contract/). */
export interface Store {
  history: HistoryStore;
  subscriptions: SubscriptionStore;
  outbox: OutboxStore;
  alerts: AlertStateStore;
  cluster: ClusterStore;
  calls: CallStore;
  close(): Promise<void>;
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

/** How a command ended, as counted in metrics. */
export type CommandOutcome =
  | 'ok'
  | 'invalid' // its arguments did not parse
  | 'refused' // the caller may not change this chat's settings
  | 'rate-limited' // the caller sent too many commands
  | 'user-error' // a reply that says what was wrong (an unknown asset, a bad time)
  | 'unavailable' // no venue could answer
  | 'error' // a bug or an unexpected failure: logged
  | 'unknown'; // not a command of this bot (counted under the name `unknown`)

/** What became of one attempt to deliver an outbox row. */
export type DeliveryOutcome = 'sent' | 'retrying' | 'failed' | 'stale' | 'moved' | 'cancelled';

/**
 * What the bot counts, told where it happens; bot/observability turns it into Prometheus metrics,
 * and `noMetrics` (tests, the console, HEALTH_PORT unset) forgets it.
 */
export interface Metrics {
  command(name: string, outcome: CommandOutcome): void;
  delivery(platform: Platform, kind: OutboxKind, outcome: DeliveryOutcome): void;
  /** A platform answered 429 Too Many Requests. */
  rateLimited(platform: Platform): void;
  /** A venue request failed after its retries; `kind` as bot/market/errors classifies it. */
  exchangeError(venue: VenueId, kind: string): void;
  /** A live snapshot of `asset` taken at `at` (ms): its age is reported from then on. */
  marketData(asset: Asset, at: number): void;
  /** Whether this instance holds the leader lease (runs the pollers, the scheduler, the watcher). */
  setLeader(leader: boolean): void;
}

const ignore = (): void => {};
export const noMetrics: Metrics = { command: ignore, delivery: ignore, rateLimited: ignore, exchangeError: ignore, marketData: ignore, setLeader: ignore };

/** Turns an SVG document into PNG bytes (bot/chart over resvg; core only writes SVG). */
export type ChartRenderer = (svg: string) => Uint8Array;
