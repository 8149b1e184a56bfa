/**
 * Binance REST answers in the real wire format (shapes from test/fixtures/data/binance_responses),
 * built from FakeData at the fake's current `now`. Returns undefined for a route it does not know.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DAY_MS, dayOf, dayStart, quarterlyExpiries } from '../../../core/calendar.js';
import { DATED_OI_SHARE, type Candle, type FakeData } from './data.js';

const SAMPLES = fileURLToPath(new URL('../../fixtures/data/binance_responses/', import.meta.url));
const sample = (f: string) => JSON.parse(readFileSync(SAMPLES + f, 'utf8')) as Record<string, unknown>;
const SPOT_SAMPLE = sample('spot_api_v3_exchangeInfo_symbol_BTCUSDT.json');
const FAPI_SAMPLE = sample('fapi_v1_exchangeInfo_symbol_BTCUSDT.json');

export const FAKE_ASSETS = ['BTC', 'ETH'];
/** Has spot only: must not count as an asset with futures. */
export const SPOT_ONLY = 'SOL';
/** Has spot and a perpetual but no quarterly, like most Binance assets. */
export const PERP_ONLY = 'XRP';

const yymmdd = (ms: number) => new Date(ms).toISOString().slice(2, 10).replaceAll('-', '');
export const datedId = (asset: string, expiry: number) => `${asset}USDT_${yymmdd(expiry)}`;
const str = (n: number) => n.toFixed(8);

type Q = URLSearchParams;

function klines(days: Iterable<Candle>, q: Q, now: number, price: (c: Candle) => [number, number, number, number] | null): unknown[] {
  const start = Number(q.get('startTime') ?? 0);
  const end = Number(q.get('endTime') ?? Number.MAX_SAFE_INTEGER);
  const limit = Number(q.get('limit') ?? 500);
  const out: unknown[] = [];
  for (const c of days) {
    const t = dayStart(c.day);
    if (t < start || t > end || t > now) continue;
    const p = price(c);
    if (!p) continue;
    out.push([t, str(p[0]), str(p[1]), str(p[2]), str(p[3]), String(c.volume), t + DAY_MS - 1, '0', 1000, '0', '0', '0']);
    if (out.length >= limit) break;
  }
  return out;
}

export function binanceRoute(d: FakeData, now: number, host: string, path: string, q: Q): unknown | undefined {
  const assetOf = (sym: string) => sym.replace(/USDT(_\d+)?$/, '');
  const k = (asset: string) => d.scale(asset);
  const expiries = quarterlyExpiries(now, 2);
  const ohlc = (c: Candle, s: number): [number, number, number, number] => [c.open * s, c.high * s, c.low * s, c.close * s];

  if (host === 'api.binance.com') {
    switch (path) {
      case '/api/v3/time':
        return { serverTime: now };
      case '/api/v3/exchangeInfo':
        return {
          timezone: 'UTC',
          serverTime: now,
          rateLimits: [],
          exchangeFilters: [],
          symbols: [...FAKE_ASSETS, PERP_ONLY, SPOT_ONLY].map((a) => ({ ...SPOT_SAMPLE, symbol: `${a}USDT`, baseAsset: a })),
        };
      case '/api/v3/ticker/24hr': {
        const sym = q.get('symbol')!;
        const c = d.spot.get(dayOf(now))!;
        const s = k(assetOf(sym));
        return { symbol: sym, lastPrice: str(c.open * s), openPrice: str(c.open * s), highPrice: str(c.open * s), lowPrice: str(c.open * s), volume: '0', quoteVolume: '0', openTime: now - DAY_MS, closeTime: now, count: 0 };
      }
      case '/api/v3/klines': {
        const s = k(assetOf(q.get('symbol')!));
        return klines(d.spot.values(), q, now, (c) => ohlc(c, s));
      }
    }
    return undefined;
  }
  if (host !== 'fapi.binance.com') return undefined;
  switch (path) {
    case '/fapi/v1/time':
      return { serverTime: now };
    case '/fapi/v1/exchangeInfo':
      return {
        timezone: 'UTC',
        serverTime: now,
        rateLimits: [],
        exchangeFilters: [],
        assets: [],
        symbols: [
          { ...FAPI_SAMPLE, symbol: `${PERP_ONLY}USDT`, pair: `${PERP_ONLY}USDT`, baseAsset: PERP_ONLY },
          ...FAKE_ASSETS.flatMap((a) => [
          { ...FAPI_SAMPLE, symbol: `${a}USDT`, pair: `${a}USDT`, baseAsset: a },
          ...expiries.map((e, i) => ({
            ...FAPI_SAMPLE,
            symbol: datedId(a, e),
            pair: `${a}USDT`,
            baseAsset: a,
            contractType: i === 0 ? 'CURRENT_QUARTER' : 'NEXT_QUARTER',
            deliveryDate: e,
          })),
          ]),
        ],
      };
    case '/fapi/v1/premiumIndex': {
      const sym = q.get('symbol')!;
      const asset = assetOf(sym);
      const s = k(asset);
      const idx = d.spot.get(dayOf(now))!.open * s;
      const di = expiries.findIndex((e) => datedId(asset, e) === sym);
      if (di >= 0) {
        const mark = d.liveDatedMark(now, expiries[di]!, di as 0 | 1) * s;
        return { symbol: sym, markPrice: str(mark), indexPrice: str(idx), estimatedSettlePrice: str(idx), lastFundingRate: '0.00000000', interestRate: '0.00000000', nextFundingTime: 0, time: now };
      }
      const f = d.lastFunding(now);
      return { symbol: sym, markPrice: str(d.perp.get(dayOf(now))!.open * s), indexPrice: str(idx), estimatedSettlePrice: str(idx), lastFundingRate: str(f.rate), interestRate: '0.00010000', nextFundingTime: d.funding.find((x) => x.time > now)?.time ?? f.time + f.intervalHours * 3_600_000, time: now };
    }
    case '/fapi/v1/openInterest': {
      const sym = q.get('symbol')!;
      const asset = assetOf(sym);
      const row = d.oiAt(now)!;
      const coins = (row.usd * (asset === 'ETH' ? 0.5 : 1)) / (row.usd / row.coins) / k(asset);
      const di = expiries.findIndex((e) => datedId(asset, e) === sym);
      return { symbol: sym, openInterest: (di >= 0 ? coins * DATED_OI_SHARE[di as 0 | 1] : coins).toFixed(3), time: now };
    }
    case '/fapi/v1/fundingRate': {
      const start = Number(q.get('startTime') ?? 0);
      const end = Number(q.get('endTime') ?? now);
      const limit = Number(q.get('limit') ?? 100);
      const rows = d.funding.filter((f) => f.time <= now && f.time <= end && (q.has('startTime') ? f.time >= start : true));
      const page = q.has('startTime') ? rows.slice(0, limit) : rows.slice(-limit);
      return page.map((f) => ({ symbol: q.get('symbol'), fundingTime: f.time, fundingRate: str(f.rate), markPrice: '0' }));
    }
    case '/fapi/v1/continuousKlines': {
      const idx = q.get('contractType') === 'NEXT_QUARTER' ? 1 : 0;
      const s = k(assetOf(q.get('pair')!));
      return klines(d.spot.values(), q, now, (c) => {
        const close = d.quarterClose(c.day, idx);
        return close === null ? null : [close * s, close * s, close * s, close * s];
      });
    }
    case '/fapi/v1/premiumIndexKlines':
      return klines(d.perp.values(), q, now, (c) => {
        const spot = d.spot.get(c.day);
        const p = spot ? c.close / spot.close - 1 : 0;
        return [p, p, p, p];
      });
  }
  if (path === '/futures/data/openInterestHist') {
    const asset = assetOf(q.get('symbol')!);
    const start = Number(q.get('startTime') ?? now - 30 * DAY_MS);
    const end = Number(q.get('endTime') ?? now);
    if (start < now - 30 * DAY_MS) return { code: -1130, msg: 'parameter startTime is invalid.' };
    return [...d.oi.values()]
      .filter((r) => dayStart(r.day) >= start && dayStart(r.day) <= end && dayStart(r.day) <= now)
      .slice(0, Number(q.get('limit') ?? 30))
      .map((r) => {
        const usd = r.usd * (asset === 'ETH' ? 0.5 : 1);
        return { symbol: `${asset}USDT`, sumOpenInterest: str(asset === 'ETH' ? usd / ((r.usd / r.coins) * k(asset)) : r.coins), sumOpenInterestValue: str(usd), timestamp: dayStart(r.day) };
      });
  }
  return undefined;
}
