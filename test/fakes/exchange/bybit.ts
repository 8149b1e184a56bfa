/**
 * Bybit v5 REST answers in the real wire format — `{"retCode":0,"retMsg":"OK","result":{...}}`,
 * numbers as strings, lists newest first — with the prices of `liveQuotes` (intraday.ts) and the
 * daily history of FakeData. Linear (USDT) perpetuals `BTCUSDT` and dated futures
 * `BTCUSDT-26DEC25`; field names are the ones ccxt's bybit.js reads (fetchSpotMarkets,
 * fetchFutureMarkets, parseTicker, parseFundingRate, parseOpenInterest, fetchFundingRateHistory).
 * Returns undefined for a route it does not know.
 */
import { dayStart } from '../../../core/calendar.js';
import { FAKE_ASSETS, PERP_ONLY, SPOT_ONLY } from './binance.js';
import type { FakeData } from './data.js';
import { liveQuotes } from './intraday.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Bybit's dated-contract id, e.g. 'BTCUSDT-26DEC25'. */
export const bybitDatedId = (asset: string, expiry: number) => {
  const t = new Date(expiry);
  return `${asset}USDT-${String(t.getUTCDate()).padStart(2, '0')}${MONTHS[t.getUTCMonth()]}${String(t.getUTCFullYear()).slice(2)}`;
};

const s = (n: number) => String(Number(n.toFixed(8)));
const filters = { lotSizeFilter: { basePrecision: '0.000001', quotePrecision: '0.00000001', qtyStep: '0.001', minOrderQty: '0.001', maxOrderQty: '100', minOrderAmt: '1', maxOrderAmt: '2000000', minNotionalValue: '5' }, priceFilter: { tickSize: '0.1', minPrice: '0.1', maxPrice: '1999999.8' } };

export function bybitRoute(d: FakeData, now: number, host: string, path: string, q: URLSearchParams): unknown | undefined {
  if (host !== 'api.bybit.com') return undefined;
  const ok = (result: object) => ({ retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: now });
  const live = liveQuotes(d, now);
  const ids = FAKE_ASSETS.flatMap((a) => live.expiries.map((e, i) => ({ a, id: bybitDatedId(a, e), idx: i as 0 | 1 })));
  const category = q.get('category');
  const symbol = q.get('symbol') ?? '';
  const dated = ids.find((x) => x.id === symbol);
  const plain = /^([A-Z]+)USDT$/.exec(symbol)?.[1];
  const notFound = { retCode: 10001, retMsg: 'params error: symbol invalid', result: {}, retExtInfo: {}, time: now };

  switch (path) {
    case '/v5/market/time':
      return ok({ timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` });
    case '/v5/market/instruments-info': {
      if (q.get('status') === 'PreLaunch') return ok({ category, list: [], nextPageCursor: '' });
      if (category === 'spot') {
        return ok({ category, list: [...FAKE_ASSETS, PERP_ONLY, SPOT_ONLY].map((a) => ({ symbol: `${a}USDT`, baseCoin: a, quoteCoin: 'USDT', innovation: '0', status: 'Trading', marginTrading: 'utaOnly', ...filters })) });
      }
      if (category !== 'linear') return notFound;
      const linear = (a: string, id: string, contractType: string, deliveryTime: number) => ({
        symbol: id, contractType, status: 'Trading', baseCoin: a, quoteCoin: 'USDT', settleCoin: 'USDT', launchTime: '1585526400000', deliveryTime: String(deliveryTime), deliveryFeeRate: '', priceScale: '2',
        leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' }, unifiedMarginTrade: true, fundingInterval: contractType === 'LinearPerpetual' ? live.funding.intervalHours * 60 : 0, copyTrading: 'both', ...filters,
      });
      return ok({
        category,
        list: [...[...FAKE_ASSETS, PERP_ONLY].map((a) => linear(a, `${a}USDT`, 'LinearPerpetual', 0)), ...ids.map((x) => linear(x.a, x.id, 'LinearFutures', live.expiries[x.idx]))],
        nextPageCursor: '',
      });
    }
    case '/v5/market/tickers': {
      if (category === 'spot' && plain) {
        const last = s(live.spot(plain));
        return ok({ category, list: [{ symbol, bid1Price: last, bid1Size: '1', ask1Price: last, ask1Size: '1', lastPrice: last, prevPrice24h: last, price24hPcnt: '0', highPrice24h: last, lowPrice24h: last, turnover24h: '0', volume24h: '0' }] });
      }
      const asset = plain ?? dated?.a;
      if (category !== 'linear' || !asset) return notFound;
      const mark = dated ? live.dated(dated.a, dated.idx) : live.mark(asset);
      const coins = dated ? live.datedCoins(dated.a, dated.idx) : live.perpCoins(asset);
      const m = s(mark);
      return ok({
        category,
        list: [{
          symbol, lastPrice: m, markPrice: m, indexPrice: s(live.spot(asset)), prevPrice24h: m, price24hPcnt: '0', highPrice24h: m, lowPrice24h: m, prevPrice1h: m,
          openInterest: s(coins), openInterestValue: s(coins * mark), turnover24h: '0', volume24h: '0',
          fundingRate: dated ? '' : s(live.funding.rate), nextFundingTime: dated ? '0' : String(live.nextFundingTime),
          predictedDeliveryPrice: '', basisRate: '', deliveryFeeRate: '', deliveryTime: dated ? String(live.expiries[dated.idx]) : '0', ask1Size: '1', bid1Price: m, ask1Price: m, bid1Size: '1', basis: '',
        }],
      });
    }
    case '/v5/market/open-interest': {
      const asset = plain ?? dated?.a;
      if (category !== 'linear' || !asset) return notFound;
      if (q.has('startTime')) {
        // Daily history (intervalTime=1d) of the perpetual, in coins as Bybit gives it.
        const start = Number(q.get('startTime'));
        const end = Number(q.get('endTime') ?? now);
        const k = d.scale(asset);
        const rows = [...d.oi.values()]
          .filter((r) => dayStart(r.day) >= start && dayStart(r.day) <= Math.min(end, now))
          .reverse()
          .slice(0, Math.min(Number(q.get('limit') ?? 50), 200));
        return ok({ symbol, category, list: rows.map((r) => ({ openInterest: s((r.coins * (asset === 'ETH' ? 0.5 : 1)) / k), timestamp: String(dayStart(r.day)) })), nextPageCursor: '' });
      }
      const coins = dated ? live.datedCoins(dated.a, dated.idx) : live.perpCoins(asset);
      return ok({ symbol, category, list: [{ openInterest: s(coins), timestamp: String(Math.floor(now / 3_600_000) * 3_600_000) }], nextPageCursor: '' });
    }
    case '/v5/market/funding/history': {
      if (category !== 'linear' || !plain) return notFound;
      const limit = Number(q.get('limit') ?? 200);
      if (limit > 200) return { retCode: 10001, retMsg: 'params error: limit must be in [1, 200]', result: {}, retExtInfo: {}, time: now };
      const start = Number(q.get('startTime') ?? 0);
      const end = Number(q.get('endTime') ?? now);
      const rows = d.funding.filter((f) => f.time >= start && f.time <= end && f.time <= now).reverse().slice(0, limit);
      return ok({ category, list: rows.map((f) => ({ symbol, fundingRate: s(f.rate), fundingRateTimestamp: String(f.time) })) });
    }
    case '/v5/market/kline': {
      if (category !== 'spot' || !plain || q.get('interval') !== 'D') return notFound;
      const k = d.scale(plain);
      const start = Number(q.get('start') ?? 0);
      const end = Number(q.get('end') ?? now);
      const rows = [...d.spot.values()]
        .filter((c) => dayStart(c.day) >= start && dayStart(c.day) <= Math.min(end, now))
        .reverse()
        .slice(0, Math.min(Number(q.get('limit') ?? 200), 1000));
      return ok({ symbol, category, list: rows.map((c) => [String(dayStart(c.day)), s(c.open * k), s(c.high * k), s(c.low * k), s(c.close * k), String(c.volume), '0']) });
    }
  }
  return undefined;
}
