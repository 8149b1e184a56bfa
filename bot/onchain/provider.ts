/**
 * The Coin Metrics on-chain provider: daily exchange flows and exchange supply per asset, kept in
 * the history store under the source 'coinmetrics'. The first refresh backfills the history
 * length; later ones re-fetch from six days before the last stored day (Coin Metrics revises recent
 * values as address labels change), so a restart never fetches the whole series again. A refresh
 * is one request per asset (every metric in one call), shared by all concurrent callers, and runs
 * at most every `refreshMs`. A 403 for a metric drops that metric (logged once); a failure serves
 * what is stored (core calls it stale once it is over two days old) or, with nothing stored, throws.
 */
import { addDays, lastCompleteDay } from '../../core/calendar.js';
import { OnChainUnavailableError } from '../../core/errors.js';
import type { Clock, ExchangeSeries, HistoryStore, Logger, OnChainProvider } from '../../core/ports.js';
import type { Asset, Day, ExchangeDay, ExchangeMetric, HistoryPoint, SeriesName } from '../../core/types.js';
import { CoinMetricsHttpError, CoinMetricsNetworkError, type CoinMetricsClient } from './client.js';
import { CM_METRICS, CoinMetricsFormatError, forbiddenMetric, METRIC_OF, type CmMetric } from './parse.js';

export const SOURCE = 'Coin Metrics';
/** The community API's terms: non-commercial use, with attribution. A Pro key comes with its own licence. */
export const COMMUNITY_ATTRIBUTION = 'Coin Metrics community data: CC BY-NC 4.0';

/** Where each Coin Metrics metric is stored. */
const SERIES_OF: Readonly<Record<CmMetric, SeriesName>> = {
  FlowInExNtv: 'flow_in_ntv',
  FlowOutExNtv: 'flow_out_ntv',
  FlowInExUSD: 'flow_in_usd',
  FlowOutExUSD: 'flow_out_usd',
  SplyExNtv: 'supply_ex_ntv',
};
const FIELD_OF = Object.fromEntries(Object.entries(METRIC_OF).map(([f, m]) => [SERIES_OF[m], f])) as Record<string, ExchangeMetric>;

/** Days re-fetched before the newest stored one, because Coin Metrics revises them. */
export const REVISED_DAYS = 7;

export interface CoinMetricsProviderOptions {
  client: CoinMetricsClient;
  history: HistoryStore;
  clock: Clock;
  logger: Logger;
  historyDays: number;
  /** How long a refresh serves (default 3 hours): the data is daily. */
  refreshMs?: number;
  /** After a failed refresh, how long before another is tried (default 10 minutes). */
  retryFailedMs?: number;
  /** Community data is CC BY-NC 4.0; null with a Pro licence. */
  attribution: string | null;
}

interface AssetState {
  series: ExchangeSeries | null;
  refreshedAt: number;
  failedAt: number | null;
  failure: OnChainUnavailableError | null;
  inflight: Promise<ExchangeSeries> | null;
  unsupported: Set<CmMetric>;
}

/** What a user may read about a failure ("Coin Metrics …"), and what the operator log says. */
function describe(err: unknown, asset: Asset): { reason: string; log: Record<string, unknown> } {
  if (err instanceof CoinMetricsHttpError) {
    const log = { status: err.status, type: err.type, message: err.apiMessage };
    if (err.status === 400 && /'assets'/.test(err.apiMessage)) return { reason: `has no exchange data for ${asset}`, log };
    if (err.status === 429 || err.status >= 500) return { reason: 'did not answer', log };
    return { reason: 'refused the request', log };
  }
  if (err instanceof CoinMetricsNetworkError) return { reason: 'did not answer', log: { error: err.kind } };
  if (err instanceof CoinMetricsFormatError) return { reason: 'sent data the bot could not read', log: { error: err.message } };
  return { reason: 'failed', log: { error: err instanceof Error ? err.message : String(err) } };
}

export function createCoinMetricsProvider(o: CoinMetricsProviderOptions): OnChainProvider {
  const refreshMs = o.refreshMs ?? 3 * 3_600_000;
  const retryFailedMs = o.retryFailedMs ?? 10 * 60_000;
  /** Metrics refused for these credentials, for the life of the process (logged once each). */
  const forbidden = new Set<CmMetric>();
  const states = new Map<Asset, AssetState>();
  const stateOf = (asset: Asset): AssetState => {
    let s = states.get(asset);
    if (!s) states.set(asset, (s = { series: null, refreshedAt: 0, failedAt: null, failure: null, inflight: null, unsupported: new Set() }));
    return s;
  };

  async function load(asset: Asset, st: AssetState, toDay: Day): Promise<ExchangeSeries> {
    const points = await o.history.loadHistory('coinmetrics', asset, addDays(toDay, -(o.historyDays - 1)));
    const byDay = new Map<Day, ExchangeDay>();
    for (const p of points) {
      const field = FIELD_OF[p.series];
      if (!field || p.day > toDay) continue;
      const d = byDay.get(p.day) ?? { day: p.day, flowInNtv: null, flowOutNtv: null, flowInUsd: null, flowOutUsd: null, supplyNtv: null };
      d[field] = p.value;
      byDay.set(p.day, d);
    }
    const notServed: ExchangeSeries['notServed'] = [];
    for (const metric of Object.keys(METRIC_OF) as ExchangeMetric[]) {
      const m = METRIC_OF[metric];
      if (forbidden.has(m)) notServed.push({ metric, why: 'forbidden' });
      else if (st.unsupported.has(m)) notServed.push({ metric, why: 'unsupported' });
    }
    return { source: SOURCE, days: [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1)), notServed };
  }

  /** The first day to ask for: the history length on an empty store, else the revised window. */
  async function startDay(asset: Asset, toDay: Day): Promise<Day> {
    const lasts = await Promise.all(CM_METRICS.map((m) => o.history.lastHistoryDay('coinmetrics', asset, SERIES_OF[m])));
    const newest = lasts.filter((d): d is Day => d !== null).sort().pop();
    return newest ? addDays(newest, -(REVISED_DAYS - 1)) : addDays(toDay, -(o.historyDays - 1));
  }

  async function refresh(asset: Asset, st: AssetState): Promise<ExchangeSeries> {
    const toDay = lastCompleteDay(o.clock.now());
    const start = await startDay(asset, toDay);
    for (;;) {
      const metrics = CM_METRICS.filter((m) => !forbidden.has(m));
      if (metrics.length === 0) throw new OnChainUnavailableError(SOURCE, 'serves none of its exchange metrics to this bot');
      try {
        const { rows } = await o.client.assetMetrics(asset.toLowerCase(), metrics, start);
        const points: HistoryPoint[] = rows.flatMap((r) =>
          metrics.flatMap((m) => {
            const v = r.values[m];
            return v === null || v === undefined ? [] : [{ venue: 'coinmetrics' as const, asset, series: SERIES_OF[m], day: r.day, value: v }];
          }),
        );
        await o.history.putHistory(points);
        if (rows.length > 0) {
          // An absent key means Coin Metrics does not publish the metric for this asset.
          for (const m of metrics) if (rows.every((r) => !(m in r.values))) st.unsupported.add(m);
        }
        return await load(asset, st, toDay);
      } catch (err) {
        const m = err instanceof CoinMetricsHttpError && err.status === 403 ? forbiddenMetric(err.apiMessage) : null;
        if (m === null || forbidden.has(m)) throw err;
        // One refused metric fails the whole request: ask again without it.
        forbidden.add(m);
        o.logger.warn(`Coin Metrics does not serve ${m} with these credentials; the readings that need it are left out`, { metric: m, asset });
      }
    }
  }

  return {
    source: SOURCE,
    attribution: o.attribution,
    exchangeSeries(asset) {
      const a = asset.trim().toUpperCase();
      const st = stateOf(a);
      const now = o.clock.now();
      if (st.inflight) return st.inflight;
      if (st.series && now - st.refreshedAt < refreshMs) return Promise.resolve(st.series);
      if (st.failedAt !== null && now - st.failedAt < retryFailedMs) {
        return st.series ? Promise.resolve(st.series) : Promise.reject(st.failure!);
      }
      const run = refresh(a, st).then(
        (series) => {
          if (st.failedAt !== null) o.logger.info('Coin Metrics answers again', { asset: a });
          Object.assign(st, { series, refreshedAt: o.clock.now(), failedAt: null, failure: null, inflight: null });
          return series;
        },
        async (err: unknown) => {
          const first = st.failedAt === null;
          const d = err instanceof OnChainUnavailableError ? { reason: err.reason, log: {} } : describe(err, a);
          if (first) o.logger.warn(`Coin Metrics refresh failed (${d.reason}); notes leave out what is not stored`, { asset: a, ...d.log });
          st.failedAt = o.clock.now();
          st.failure = err instanceof OnChainUnavailableError ? err : new OnChainUnavailableError(SOURCE, d.reason);
          // What is stored still serves; core leaves it out as stale once it is over two days old.
          const stored = await load(a, st, lastCompleteDay(o.clock.now())).catch(() => null);
          st.series = stored && stored.days.length ? stored : null;
          st.inflight = null;
          if (st.series) return st.series;
          throw st.failure;
        },
      );
      st.inflight = run;
      return run;
    },
  };
}
