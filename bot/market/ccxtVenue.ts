/**
 * One venue's public market data over ccxt (no API keys). Every call has a timeout and goes
 * through the retry policy; HTTP statuses are classified in a handleErrors hook so that 451 and
 * Retry-After reach the caller intact.
 */
import type { Exchange } from 'ccxt';
import { loadExchangeClass } from './ccxtModules.js';
import type { Logger, VenueMarketData } from '../../core/ports.js';
import type { Asset, DatedQuote, VenueId, VenueQuote } from '../../core/types.js';
import { VenueHttpError, kindOfStatus, parseRetryAfter } from './errors.js';
import { fetchHistory } from './history.js';
import { assetsFromMarkets, datedMarkets, perpSymbol, spotSymbol, type MarketLike } from './markets.js';
import { defaultRetryPolicy, withRetry, type RetryPolicy, type Sleep } from './retry.js';

export interface CcxtVenueOptions {
  venue: VenueId;
  proxyUrl?: string | undefined;
  timeoutMs: number;
  logger: Logger;
  sleep?: Sleep;
  retry?: Partial<RetryPolicy>;
  /** The clock for "is this contract still live"; defaults to the wall clock. */
  now?: () => number;
}

const MARKETS_TTL_MS = 6 * 3_600_000;

/** Only the market types we read: Binance would otherwise also load COIN-M (and OKX options). */
const MARKET_TYPES: Record<VenueId, string[]> = {
  binance: ['spot', 'linear'],
  okx: ['spot', 'swap', 'future'],
  bybit: ['spot', 'linear'],
};

/** Loads only this venue's ccxt module (see ccxtModules.ts). */
export async function createExchange(o: Pick<CcxtVenueOptions, 'venue' | 'proxyUrl' | 'timeoutMs'>): Promise<Exchange> {
  const Ctor = await loadExchangeClass(o.venue);
  const ex = new Ctor({
    timeout: o.timeoutMs,
    enableRateLimit: true,
    // Binance and Bybit count request weight over a window (a minute; five seconds), which ccxt
    // models as its rolling window. Its default leaky bucket holds one request, so even the ten
    // requests of one /basis would wait 50 ms × weight each. OKX keeps the leaky bucket: ccxt sets
    // its window to 0, as OKX answers bursts with rate-limit errors.
    rateLimiterAlgorithm: 'rollingWindow',
    options: { fetchMarkets: { types: MARKET_TYPES[o.venue] }, fetchCurrencies: false },
  });
  if (o.proxyUrl) ex.proxyUrl = o.proxyUrl;
  return ex;
}

function hookHttpErrors(ex: Exchange, venue: VenueId, proxyUrl: string | undefined, now: () => number): void {
  const original = ex.handleErrors.bind(ex);
  const hook = (status: number, ...rest: unknown[]) => {
    const kind = kindOfStatus(status);
    if (kind) {
      const [, url, , headers] = rest as [string, string, string, Record<string, string>];
      throw new VenueHttpError(venue, status, kind, parseRetryAfter(headers['Retry-After'], now()), pathOf(url, proxyUrl));
    }
    return (original as (...a: unknown[]) => unknown)(status, ...rest);
  };
  ex.handleErrors = hook as unknown as Exchange['handleErrors'];
}

/** The endpoint path only: queries and the proxy prefix stay out of errors and logs. */
function pathOf(url: string, proxyUrl: string | undefined): string {
  let target = url;
  if (proxyUrl && url.startsWith(proxyUrl)) target = decodeURIComponent(url.slice(proxyUrl.length));
  try {
    return new URL(target).pathname;
  } catch {
    return '?';
  }
}

const hoursOf = (interval: unknown): number | null => {
  const m = typeof interval === 'string' ? /^(\d+)h$/.exec(interval) : null;
  return m ? Number(m[1]) : null;
};

export function createCcxtVenue(o: CcxtVenueOptions): VenueMarketData {
  const now = o.now ?? Date.now;
  // The venue's ccxt module is loaded by the first call that needs it (never for /help).
  let ex!: Exchange;
  let loading: Promise<void> | null = null;
  const ready = () =>
    (loading ??= createExchange(o).then((made) => {
      hookHttpErrors(made, o.venue, o.proxyUrl, now);
      ex = made;
    }));
  const policy: RetryPolicy = { ...defaultRetryPolicy(o.sleep), ...o.retry };
  const call = <T>(fn: () => Promise<T>) => withRetry(fn, policy);
  // ccxt keeps the market list forever once loaded; a new quarterly is listed as the old one
  // expires, so a long-running bot reloads the list a few times a day.
  let loadedAt = -Infinity;
  const markets = async (): Promise<MarketLike[]> => {
    const reload = now() - loadedAt > MARKETS_TTL_MS;
    const list = Object.values(await call(() => ex.loadMarkets(reload))) as MarketLike[];
    if (reload) loadedAt = now();
    return list;
  };

  /** The venue's own interval when it states one, else the spacing of its last two fundings. */
  async function fundingIntervalHours(symbol: string, stated: unknown): Promise<number | null> {
    const h = hoursOf(stated);
    if (h !== null) return h;
    const hist = await call(() => ex.fetchFundingRateHistory(symbol, undefined, 3));
    const [a, b] = hist.slice(-2).map((x) => x.timestamp ?? 0);
    return a && b ? Math.round((b - a) / 3_600_000) : null;
  }

  async function datedQuote(m: MarketLike): Promise<DatedQuote> {
    const [mark, oi] = await Promise.all([
      // Bybit has no mark-price endpoint; its ticker carries the mark.
      call(() => (ex.has['fetchMarkPrice'] ? ex.fetchMarkPrice(m.symbol) : ex.fetchTicker(m.symbol))),
      call(() => ex.fetchOpenInterest(m.symbol)).catch(() => null),
    ]);
    const price = mark.markPrice ?? mark.last;
    if (price === undefined || price === null) throw new Error(`${o.venue} gave no price for ${m.symbol}`);
    const coins = oi?.openInterestAmount !== undefined ? oi.openInterestAmount * (m.contractSize ?? 1) : undefined;
    const usd = oi?.openInterestValue ?? (coins !== undefined ? coins * price : null);
    return { symbol: m.symbol, expiry: m.expiry!, price, openInterestUsd: usd ?? null };
  }

  /**
   * Binance and Bybit send the perpetual's mark and index with the funding rate; OKX's funding
   * endpoint has neither, so they come from its mark-price and index-tickers endpoints.
   */
  async function perpPrices(asset: Asset, perp: string, fr: { markPrice?: number | undefined; indexPrice?: number | undefined }) {
    if (fr.markPrice !== undefined && fr.indexPrice !== undefined) return { mark: fr.markPrice, index: fr.indexPrice };
    if (o.venue !== 'okx') return null;
    const okx = ex as Exchange & { publicGetMarketIndexTickers(p: object): Promise<{ data?: { idxPx?: string }[] }> };
    const [mark, idx] = await Promise.all([
      call(() => ex.fetchMarkPrice(perp)),
      call(() => okx.publicGetMarketIndexTickers({ instId: `${asset}-USDT` })),
    ]);
    const index = Number(idx.data?.[0]?.idxPx);
    return mark.markPrice !== undefined && Number.isFinite(index) ? { mark: mark.markPrice, index } : null;
  }

  return {
    venue: o.venue,
    async assets() {
      await ready();
      return assetsFromMarkets(await markets());
    },
    async quote(asset: Asset): Promise<VenueQuote> {
      await ready();
      const all = await markets();
      const perp = perpSymbol(asset);
      const [ticker, fr, oi, dated] = await Promise.all([
        call(() => ex.fetchTicker(spotSymbol(asset))),
        call(() => ex.fetchFundingRate(perp)),
        call(() => ex.fetchOpenInterest(perp)),
        Promise.all(datedMarkets(all, asset, now()).map(datedQuote)),
      ]);
      if (ticker.last === undefined) throw new Error(`${o.venue} gave no spot price for ${asset}`);
      const [intervalHours, prices] = await Promise.all([fundingIntervalHours(perp, fr.interval), perpPrices(asset, perp, fr)]);
      const mark = prices?.mark;
      // ccxt's amount is in contracts: 0.01 BTC each on OKX, one coin on Binance and Bybit.
      const size = all.find((m) => m.symbol === perp)?.contractSize ?? 1;
      const coins = oi.openInterestAmount !== undefined ? oi.openInterestAmount * size : undefined;
      return {
        venue: o.venue,
        asset,
        at: now(),
        spot: ticker.last,
        perp: prices ? { symbol: perp, mark: prices.mark, index: prices.index } : null,
        funding:
          fr.fundingRate !== undefined && intervalHours
            ? // ccxt's fundingTimestamp is the coming settlement; OKX's nextFundingTimestamp is the one after.
              { rate: fr.fundingRate, intervalHours, nextFundingTime: fr.fundingTimestamp ?? fr.nextFundingTimestamp ?? null }
            : null,
        openInterest:
          coins !== undefined && mark !== undefined ? { coins, usd: oi.openInterestValue ?? coins * mark } : null,
        dated,
      };
    },
    async history(asset, series, fromDay, toDay) {
      await ready();
      return fetchHistory({ ex, venue: o.venue, call, logger: o.logger }, asset, series, fromDay, toDay);
    },
  };
}
