/**
 * The Market port over several venues: preference order, fallback past failing venues, a venue
 * that answers 451 is set aside for the life of the process (with one operator log line), answers
 * cached with single-flight, and history kept in the store and topped up incrementally.
 */
import { buildSnapshot, readingsFromHistory } from '../../core/basis.js';
import { addDays, dayOf, lastCompleteDay } from '../../core/calendar.js';
import { MarketUnavailableError, UnknownAssetError } from '../../core/errors.js';
import { noMetrics } from '../../core/ports.js';
import type { Clock, Logger, Market, Metrics, Store, VenueMarketData } from '../../core/ports.js';
import type { Asset, Day, HistoryPoint, SeriesName, VenueId, VenueQuote } from '../../core/types.js';
import { createTtlCache } from './cache.js';
import { classify } from './errors.js';
import { OI_HISTORY_DAYS } from './history.js';

export interface MarketServiceOptions {
  venues: VenueMarketData[];
  store: Store;
  clock: Clock;
  logger: Logger;
  ttlMs: number;
  historyDays: number;
  /** Counts venue failures by venue and kind, and reports each live snapshot's time. */
  metrics?: Metrics;
}

/** One fetch per group: a 'quarter' fetch also yields 'quarter_expiry', 'oi_usd' yields 'oi_coins'. */
const FETCHED_SERIES: SeriesName[] = ['spot', 'quarter', 'next_quarter', 'premium', 'funding', 'oi_usd'];

type Failure = { venue: VenueId; reason: string };

export function createMarketService(o: MarketServiceOptions): Market {
  const cache = createTtlCache(o.ttlMs, () => o.clock.now());
  const restricted = new Set<VenueId>();
  const topUps = new Map<string, Promise<void>>();
  const usable = () => o.venues.filter((v) => !restricted.has(v.venue));
  const metrics = o.metrics ?? noMetrics;

  /** Records a failure; a 451 sets the venue aside. Returns the user-safe reason. */
  function failed(v: VenueMarketData, err: unknown, what: string): string {
    const f = classify(err);
    metrics.exchangeError(v.venue, f.kind);
    if (f.kind === 'restricted' && !restricted.has(v.venue)) {
      restricted.add(v.venue);
      o.logger.error(
        `${v.venue} refuses this location (HTTP 451): it is disabled until restart; set EXCHANGES to other venues or EXCHANGE_PROXY_URL to a proxy`,
        { venue: v.venue },
      );
    } else if (f.kind !== 'restricted') {
      o.logger.warn(`${v.venue} ${what} failed: ${f.reason}`, { venue: v.venue, kind: f.kind });
    }
    return f.reason;
  }

  // The failure is logged inside the shared load, so callers that joined it do not log it again.
  const venueAssets = (v: VenueMarketData) =>
    cache.get(`assets:${v.venue}`, () =>
      v.assets().catch((err: unknown) => {
        failed(v, err, 'market list');
        throw err;
      }),
    );

  /** Each usable venue's asset list, or why it could not say. */
  async function survey(): Promise<{ v: VenueMarketData; assets: Asset[] | null; reason?: string }[]> {
    return Promise.all(
      usable().map(async (v) => {
        try {
          return { v, assets: await venueAssets(v) };
        } catch (err) {
          return { v, assets: null, reason: classify(err).reason };
        }
      }),
    );
  }

  async function venuesFor(asset: Asset): Promise<{ venues: VenueMarketData[]; failures: Failure[] }> {
    const all = await survey();
    const failures = all.filter((s) => s.assets === null).map((s) => ({ venue: s.v.venue, reason: s.reason ?? 'error' }));
    const venues = all.filter((s) => s.assets?.includes(asset)).map((s) => s.v);
    if (venues.length === 0 && all.some((s) => s.assets !== null)) {
      throw new UnknownAssetError(asset, union(all.map((s) => s.assets ?? [])));
    }
    if (venues.length === 0) throw unavailable(failures);
    return { venues, failures };
  }

  const unavailable = (failures: Failure[]) =>
    new MarketUnavailableError(failures.length ? failures : o.venues.map((v) => ({ venue: v.venue, reason: restricted.has(v.venue) ? 'restricted location, HTTP 451' : 'unavailable' })));

  async function recordOpenInterest(quotes: VenueQuote[]): Promise<void> {
    const day = dayOf(o.clock.now());
    const points: HistoryPoint[] = quotes.flatMap((q) =>
      q.openInterest
        ? [
            { venue: q.venue, asset: q.asset, series: 'oi_usd', day, value: q.openInterest.usd },
            { venue: q.venue, asset: q.asset, series: 'oi_coins', day, value: q.openInterest.coins },
          ]
        : [],
    );
    if (points.length) await o.store.history.putHistory(points).catch((err: unknown) => o.logger.warn('could not store open interest', { err: String(err) }));
  }

  async function takeSnapshot(asset: Asset) {
    const { venues, failures } = await venuesFor(asset);
    const results = await Promise.all(
      venues.map(async (v) => {
        try {
          return await v.quote(asset);
        } catch (err) {
          failures.push({ venue: v.venue, reason: failed(v, err, `quote ${asset}`) });
          return null;
        }
      }),
    );
    const quotes = results.filter((q): q is VenueQuote => q !== null);
    if (quotes.length === 0) throw unavailable(failures);
    await recordOpenInterest(quotes);
    const snapshot = buildSnapshot(quotes, o.clock.now());
    metrics.marketData(asset, snapshot.at);
    return snapshot;
  }

  async function fromDayFor(v: VenueMarketData, asset: Asset, series: SeriesName, toDay: Day): Promise<Day> {
    const backfillFrom = addDays(toDay, -(o.historyDays - 1));
    if (series === 'oi_usd') {
      // Quotes store today's OI, so the newest stored day says nothing about the days before it.
      const windowFrom = addDays(toDay, -OI_HISTORY_DAYS);
      const stored = (await o.store.history.loadHistory(v.venue, asset, windowFrom)).filter((p) => p.series === 'oi_usd' && p.day <= toDay);
      const last = stored.map((p) => p.day).sort().pop();
      return last ? addDays(last, 1) : windowFrom;
    }
    const last = await o.store.history.lastHistoryDay(v.venue, asset, series);
    return last ? addDays(last, 1) : backfillFrom;
  }

  async function topUp(v: VenueMarketData, asset: Asset, toDay: Day): Promise<void> {
    for (const series of FETCHED_SERIES) {
      if (restricted.has(v.venue)) return;
      const from = await fromDayFor(v, asset, series, toDay);
      if (from > toDay) continue;
      try {
        await o.store.history.putHistory(await v.history(asset, series, from, toDay));
      } catch (err) {
        failed(v, err, `history ${asset} ${series}`);
      }
    }
  }

  return {
    async knownAssets() {
      const all = await survey();
      if (all.every((s) => s.assets === null)) throw unavailable(all.map((s) => ({ venue: s.v.venue, reason: s.reason ?? 'error' })));
      return union(all.map((s) => s.assets ?? []));
    },
    snapshot(asset, opts = {}) {
      const a = asset.trim().toUpperCase();
      return cache.get(`snapshot:${a}`, () => takeSnapshot(a), opts.maxAgeMs);
    },
    async history(asset, days) {
      const a = asset.trim().toUpperCase();
      const { venues } = await venuesFor(a);
      const v = venues[0]!;
      const toDay = lastCompleteDay(o.clock.now());
      // Daily history changes once a day: within the TTL, a burst of commands reads it once.
      return cache.get(`history:${v.venue}:${a}:${toDay}:${days}`, async () => {
        const key = `${v.venue}:${a}:${toDay}`;
        let pending = topUps.get(key);
        if (!pending) {
          pending = topUp(v, a, toDay).finally(() => topUps.delete(key));
          topUps.set(key, pending);
        }
        await pending;
        const fromDay = addDays(toDay, -(days - 1));
        return readingsFromHistory((await o.store.history.loadHistory(v.venue, a, fromDay)).filter((p) => p.day <= toDay));
      });
    },
  };
}

const union = (lists: Asset[][]): Asset[] => [...new Set(lists.flat())].sort();
