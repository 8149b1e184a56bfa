/**
 * OKX v5 REST answers in the real wire format — `{"code":"0","msg":"","data":[...]}`, numbers as
 * strings, lists newest first, `before`/`after` cursors — with the prices of `liveQuotes`
 * (intraday.ts) and the daily history of FakeData. Field names are the ones ccxt's okx.js
 * parsers read (parseMarket, parseTicker, parseFundingRate, parseOpenInterest, parseOHLCV and
 * fetchFundingRateHistory). Returns undefined for a route it does not know.
 */
import { DAY_MS, dayStart } from '../../../core/calendar.js';
import { PERP_ONLY, SPOT_ONLY, FAKE_ASSETS } from './binance.js';
import type { FakeData } from './data.js';
import { liveQuotes, yymmdd } from './intraday.js';

/** OKX serves funding-rate history for the last three months only ("last 3 months" in its docs). */
export const OKX_FUNDING_HISTORY_DAYS = 92;
const CANDLE_LIMIT = 300;
const FUNDING_LIMIT = 100;
/** Contract value in coins, as OKX lists them: 0.01 BTC, 0.1 ETH, 100 XRP. */
export const OKX_CT_VAL: Record<string, number> = { BTC: 0.01, ETH: 0.1, XRP: 100 };

const ok = (data: unknown[]) => ({ code: '0', msg: '', data });
const s = (n: number) => String(Number(n.toFixed(8)));
const noInstrument = { code: '51001', msg: "Instrument ID or Spread ID doesn't exist.", data: [] };

const base = { alias: '', category: '1', ctMult: '', ctType: '', ctVal: '', ctValCcy: '', expTime: '', instFamily: '', lever: '', listTime: '1606468572000', lotSz: '', maxLmtSz: '', maxMktSz: '', minSz: '', optType: '', quoteCcy: '', settleCcy: '', state: 'live', stk: '', tickSz: '', uly: '' };

function spotInstrument(a: string) {
  return { ...base, instType: 'SPOT', instId: `${a}-USDT`, baseCcy: a, quoteCcy: 'USDT', lever: '10', lotSz: '0.00000001', minSz: '0.00001', tickSz: '0.1', maxLmtSz: '9999999999', maxMktSz: '1000000' };
}

function contract(a: string, instType: 'SWAP' | 'FUTURES', instId: string, extra: Record<string, string> = {}) {
  return { ...base, instType, instId, ctType: 'linear', ctVal: String(OKX_CT_VAL[a]), ctValCcy: a, ctMult: '1', instFamily: `${a}-USDT`, uly: `${a}-USDT`, settleCcy: 'USDT', lever: '100', lotSz: '0.1', minSz: '0.1', tickSz: '0.1', maxLmtSz: '100000', maxMktSz: '3000', ...extra };
}

/** Newest first, filtered by OKX's cursors: `after` = older than, `before` = newer than. */
function page<T>(rows: T[], time: (r: T) => number, q: URLSearchParams, max: number): T[] {
  const after = q.has('after') ? Number(q.get('after')) : Infinity;
  const before = q.has('before') ? Number(q.get('before')) : -Infinity;
  const limit = Math.min(Number(q.get('limit') ?? 100), max);
  return rows
    .filter((r) => time(r) < after && time(r) > before)
    .sort((x, y) => time(y) - time(x))
    .slice(0, limit); // with `before` alone OKX returns the latest records, not the oldest
}

export function okxRoute(d: FakeData, now: number, host: string, path: string, q: URLSearchParams): unknown | undefined {
  if (host !== 'www.okx.com') return undefined;
  const live = liveQuotes(d, now);
  const ids = FAKE_ASSETS.flatMap((a) => live.expiries.map((e, i) => ({ a, id: `${a}-USDT-${yymmdd(e)}`, idx: i as 0 | 1 })));
  const instId = q.get('instId') ?? '';
  const swapAsset = /^([A-Z]+)-USDT-SWAP$/.exec(instId)?.[1];
  const dated = ids.find((x) => x.id === instId);
  const spotAsset = /^([A-Z]+)-USDT$/.exec(instId)?.[1];
  const ts = String(now);

  switch (path) {
    case '/api/v5/public/time':
      return ok([{ ts }]);
    case '/api/v5/public/instruments':
      switch (q.get('instType')) {
        case 'SPOT':
          return ok([...FAKE_ASSETS, PERP_ONLY, SPOT_ONLY].map(spotInstrument));
        case 'SWAP':
          return ok([...FAKE_ASSETS, PERP_ONLY].map((a) => contract(a, 'SWAP', `${a}-USDT-SWAP`)));
        case 'FUTURES':
          return ok(ids.map((x) => contract(x.a, 'FUTURES', x.id, { alias: x.idx === 0 ? 'quarter' : 'next_quarter', expTime: String(live.expiries[x.idx]) })));
      }
      return { code: '51000', msg: 'Parameter instType error', data: [] };
    case '/api/v5/market/ticker': {
      if (!spotAsset) return noInstrument;
      const last = s(live.spot(spotAsset));
      return ok([{ instType: 'SPOT', instId, last, lastSz: '0.001', askPx: last, askSz: '1', bidPx: last, bidSz: '1', open24h: last, high24h: last, low24h: last, volCcy24h: '0', vol24h: '0', ts, sodUtc0: last, sodUtc8: last }]);
    }
    case '/api/v5/market/index-tickers': {
      if (!spotAsset) return noInstrument;
      const idx = s(live.spot(spotAsset));
      return ok([{ instId, idxPx: idx, high24h: idx, low24h: idx, open24h: idx, sodUtc0: idx, sodUtc8: idx, ts }]);
    }
    case '/api/v5/public/mark-price': {
      if (swapAsset) return ok([{ instType: 'SWAP', instId, markPx: s(live.mark(swapAsset)), ts }]);
      if (dated) return ok([{ instType: 'FUTURES', instId, markPx: s(live.dated(dated.a, dated.idx)), ts }]);
      return noInstrument;
    }
    case '/api/v5/public/funding-rate': {
      if (!swapAsset) return noInstrument;
      const f = live.funding;
      const next = live.nextFundingTime;
      // fundingTime is the coming settlement, nextFundingTime the one after it.
      return ok([{ instType: 'SWAP', instId, method: 'current_period', formulaType: 'noRate', fundingRate: s(f.rate), fundingTime: String(next), nextFundingRate: '', nextFundingTime: String(next + f.intervalHours * 3_600_000), maxFundingRate: '0.00375', minFundingRate: '-0.00375', premium: '0', settFundingRate: s(f.rate), settState: 'settled', interestRate: '0', impactValue: '20000', ts }]);
    }
    case '/api/v5/public/open-interest': {
      const asset = swapAsset ?? dated?.a;
      if (!asset) return noInstrument;
      const coins = dated ? live.datedCoins(dated.a, dated.idx) : live.perpCoins(asset);
      const price = dated ? live.dated(dated.a, dated.idx) : live.mark(asset);
      return ok([{ instType: dated ? 'FUTURES' : 'SWAP', instId, oi: s(coins / OKX_CT_VAL[asset]!), oiCcy: s(coins), oiUsd: s(coins * price), ts }]);
    }
    case '/api/v5/public/funding-rate-history': {
      if (!swapAsset) return noInstrument;
      const from = now - OKX_FUNDING_HISTORY_DAYS * DAY_MS;
      const rows = page(d.funding.filter((f) => f.time <= now && f.time >= from), (f) => f.time, q, FUNDING_LIMIT);
      return ok(rows.map((f) => ({ instType: 'SWAP', instId, formulaType: 'noRate', method: 'current_period', fundingRate: s(f.rate), realizedRate: s(f.rate), fundingTime: String(f.time) })));
    }
    case '/api/v5/rubik/stat/contracts/open-interest-volume': {
      // [ts, open interest USD, volume USD] per day, newest first, for all of the coin's contracts.
      const ccy = q.get('ccy') ?? '';
      const begin = Number(q.get('begin') ?? 0);
      const end = Number(q.get('end') ?? now);
      const rows = [...d.oi.values()].filter((r) => dayStart(r.day) >= begin && dayStart(r.day) <= Math.min(end, now));
      return ok(rows.reverse().map((r) => [String(dayStart(r.day)), s(r.usd * (ccy === 'ETH' ? 0.5 : 1)), '0']));
    }
    case '/api/v5/market/candles':
    case '/api/v5/market/history-candles': {
      if (!spotAsset) return noInstrument;
      if (q.get('bar') !== '1Dutc') return { code: '51000', msg: 'Parameter bar error', data: [] };
      const k = d.scale(spotAsset);
      const days = [...d.spot.values()].filter((c) => dayStart(c.day) <= now);
      return ok(
        page(days, (c) => dayStart(c.day), q, CANDLE_LIMIT).map((c) => {
          const t = dayStart(c.day);
          return [String(t), s(c.open * k), s(c.high * k), s(c.low * k), s(c.close * k), String(c.volume), String(c.volume), '0', t + DAY_MS <= now ? '1' : '0'];
        }),
      );
    }
  }
  return undefined;
}
