/**
 * The Coin Metrics HTTP client: one call of /timeseries/asset-metrics for one asset and all its
 * metrics, paged from the start and following next_page_url. A 429 waits X-RateLimit-Reset; 5xx,
 * timeouts and network errors retry with capped, jittered backoff (bot/market/retry.ts); any
 * other status fails at once. Errors carry the status and Coin Metrics' message, never a header
 * or the query (which holds the API key on the paid host).
 */
import type { Day } from '../../core/types.js';
import { backoffMs, type RetryPolicy } from '../market/retry.js';
import { parseErrorBody, parsePage, type CmMetric, type MetricRow } from './parse.js';

export const COMMUNITY_BASE = 'https://community-api.coinmetrics.io/v4';
export const PRO_BASE = 'https://api.coinmetrics.io/v4';
/** The most rows Coin Metrics returns per page: two years of days fit in one. */
const PAGE_SIZE = 10_000;

export class CoinMetricsHttpError extends Error {
  override name = 'CoinMetricsHttpError';
  constructor(
    readonly status: number,
    readonly type: string,
    readonly apiMessage: string,
    readonly retryAfterMs: number | null,
  ) {
    super(`Coin Metrics answered HTTP ${status}${type ? ` ${type}` : ''}${apiMessage ? `: ${apiMessage}` : ''}`);
  }
}

/** No answer: a timeout or a network error (always retryable). */
export class CoinMetricsNetworkError extends Error {
  override name = 'CoinMetricsNetworkError';
  constructor(readonly kind: 'timeout' | 'network') {
    super(kind === 'timeout' ? 'Coin Metrics timed out' : 'Coin Metrics could not be reached');
  }
}

export interface CoinMetricsClientOptions {
  /** Up to and including /v4: the community host, the paid host, or a proxy. */
  baseUrl: string;
  apiKey?: string | undefined;
  timeoutMs: number;
  retry: RetryPolicy;
  fetch?: typeof fetch;
}

export interface AssetMetrics {
  rows: MetricRow[];
  /** HTTP requests made, retries included. */
  requests: number;
}

export interface CoinMetricsClient {
  /** Daily rows of `metrics` for `asset` (lower case) from `startDay` on, oldest first. */
  assetMetrics(asset: string, metrics: readonly CmMetric[], startDay: Day): Promise<AssetMetrics>;
}

const retryable = (err: unknown): boolean =>
  err instanceof CoinMetricsNetworkError || (err instanceof CoinMetricsHttpError && (err.status === 429 || err.status >= 500));

/** Seconds in X-RateLimit-Reset (Coin Metrics' own), else Retry-After; null when neither reads. */
function resetMs(h: Headers): number | null {
  for (const name of ['x-ratelimit-reset', 'retry-after']) {
    const s = Number(h.get(name));
    if (h.get(name) !== null && Number.isFinite(s) && s >= 0) return s * 1000;
  }
  return null;
}

export function createCoinMetricsClient(o: CoinMetricsClientOptions): CoinMetricsClient {
  const base = o.baseUrl.replace(/\/+$/, '');
  const doFetch = o.fetch ?? fetch;

  /**
   * next_page_url names the host that answered; behind a proxy (or the tests' fake) that may not be
   * the configured base, so its path and query are put back on the base. The key rides along.
   */
  function nextUrl(given: string): string {
    const u = new URL(given, `${base}/`);
    const at = u.pathname.indexOf('/timeseries/');
    const url = u.href.startsWith(`${base}/`) || at < 0 ? u : new URL(`${base}${u.pathname.slice(at)}${u.search}`);
    if (o.apiKey && !url.searchParams.has('api_key')) url.searchParams.set('api_key', o.apiKey);
    return url.href;
  }

  async function get(url: string): Promise<{ body: unknown; headers: Headers }> {
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(o.timeoutMs) });
      text = await res.text();
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      throw new CoinMetricsNetworkError(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network');
    }
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      if (res.ok) throw new CoinMetricsHttpError(res.status, 'bad_json', 'the body is not JSON', null);
    }
    if (!res.ok) {
      const e = parseErrorBody(body);
      throw new CoinMetricsHttpError(res.status, e?.type ?? '', e?.message ?? '', res.status === 429 ? resetMs(res.headers) : null);
    }
    return { body, headers: res.headers };
  }

  return {
    async assetMetrics(asset, metrics, startDay) {
      const q = new URLSearchParams({
        assets: asset,
        metrics: metrics.join(','),
        frequency: '1d',
        start_time: startDay,
        page_size: String(PAGE_SIZE),
        paging_from: 'start',
      });
      if (o.apiKey) q.set('api_key', o.apiKey);
      let url: string | null = `${base}/timeseries/asset-metrics?${q}`;
      const rows: MetricRow[] = [];
      let requests = 0;
      while (url !== null) {
        let page: { body: unknown; headers: Headers } | null = null;
        for (let attempt = 0; page === null; attempt++) {
          requests++;
          try {
            page = await get(url);
          } catch (err) {
            if (!retryable(err) || attempt + 1 >= o.retry.attempts) throw err;
            const wait = err instanceof CoinMetricsHttpError && err.retryAfterMs !== null ? err.retryAfterMs : backoffMs(o.retry, attempt);
            if (wait > o.retry.maxRetryAfterMs) throw err;
            await o.retry.sleep(wait);
          }
        }
        const parsed = parsePage(page.body, asset, metrics);
        rows.push(...parsed.rows);
        url = parsed.nextPageUrl === null ? null : nextUrl(parsed.nextPageUrl);
        // The last request of the window: wait for it to reopen rather than be refused.
        if (url !== null && page.headers.get('x-ratelimit-remaining') === '0') {
          const wait = resetMs(page.headers);
          if (wait !== null && wait <= o.retry.maxRetryAfterMs) await o.retry.sleep(wait);
        }
      }
      return { rows, requests };
    },
  };
}
