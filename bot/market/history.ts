/**
 * Daily history of one series from a venue, rebuilt from the endpoints that reach back far enough:
 * spot klines, Binance continuous quarterly klines and premium-index klines (implicit API), funding
 * history summed per UTC day, and open-interest history (Binance serves ~30 days of it).
 */
import type { Exchange, FundingRateHistory } from 'ccxt';
import { DAY_MS, dayClose, dayOf, dayStart, quarterlyExpiries } from '../../core/calendar.js';
import type { Logger } from '../../core/ports.js';
import type { Asset, Day, HistoryPoint, SeriesName, VenueId } from '../../core/types.js';
import { hasDatedFutures, perpSymbol, spotSymbol, type MarketLike } from './markets.js';

export interface HistoryDeps {
  ex: Exchange;
  venue: VenueId;
  call: <T>(fn: () => Promise<T>) => Promise<T>;
  logger: Logger;
}

type Row = [number, number]; // [openTime, close]
/** The most funding records each venue returns per request (Binance 1000, OKX 100, Bybit 200). */
const FUNDING_PAGE: Record<VenueId, number> = { binance: 1000, okx: 100, bybit: 200 };
/** Binance serves the last 30 days of open-interest history relative to now and refuses older startTimes; 28 days back from the last complete day stays inside that at any hour. */
export const OI_HISTORY_DAYS = 28;

/** Pages forward from `from` until a page is empty or passes `to`. */
async function paginate(from: number, to: number, page: (since: number) => Promise<Row[]>): Promise<Row[]> {
  const out: Row[] = [];
  for (let since = from; since <= to; ) {
    const rows = await page(since);
    if (rows.length === 0) break;
    out.push(...rows);
    const last = rows[rows.length - 1]![0];
    if (last < since) break;
    since = last + 1;
  }
  return out;
}

const klineRows = (raw: unknown): Row[] =>
  (raw as unknown[][]).map((k) => [Number(k[0]), Number(k[4])] as Row);

export async function fetchHistory(d: HistoryDeps, asset: Asset, series: SeriesName, fromDay: Day, toDay: Day): Promise<HistoryPoint[]> {
  const from = dayStart(fromDay);
  const to = dayStart(toDay);
  const point = (s: SeriesName, day: Day, value: number): HistoryPoint => ({ venue: d.venue, asset, series: s, day, value });
  const inRange = (day: Day) => day >= fromDay && day <= toDay;
  const binanceOnly = (what: string) => {
    d.logger.debug('history series not offered by venue', { venue: d.venue, asset, series: what });
    return [];
  };

  switch (series) {
    case 'spot': {
      const rows = await paginate(from, to, async (since) =>
        (await d.call(() => d.ex.fetchOHLCV(spotSymbol(asset), '1d', since, 1000))).map((c) => [c[0]!, c[4]!] as Row),
      );
      return rows.map(([t, c]) => point('spot', dayOf(t), c)).filter((p) => inRange(p.day));
    }
    case 'quarter':
    case 'quarter_expiry':
    case 'next_quarter':
    case 'next_quarter_expiry': {
      if (d.venue !== 'binance') return binanceOnly(series);
      // No quarterly listed (every Binance asset but BTC and ETH): no term basis to rebuild.
      if (!hasDatedFutures(Object.values(d.ex.markets ?? {}) as MarketLike[], asset)) return [];
      const next = series.startsWith('next');
      const contractType = next ? 'NEXT_QUARTER' : 'CURRENT_QUARTER';
      const ex = d.ex as Exchange & { fapiPublicGetContinuousKlines(p: object): Promise<unknown> };
      const rows = await paginate(from, to, async (since) =>
        klineRows(await d.call(() => ex.fapiPublicGetContinuousKlines({ pair: `${asset}USDT`, contractType, interval: '1d', startTime: since, limit: 1500 }))),
      );
      const name: SeriesName = next ? 'next_quarter' : 'quarter';
      return rows.flatMap(([t, c]) => {
        const day = dayOf(t);
        if (!inRange(day)) return [];
        // The contract behind a close at D+1 00:00 is the first (or second) expiry after it.
        const expiry = quarterlyExpiries(dayClose(day), 2)[next ? 1 : 0]!;
        return [point(name, day, c), point(`${name}_expiry`, day, expiry)];
      });
    }
    case 'premium': {
      if (d.venue !== 'binance') return binanceOnly(series);
      const ex = d.ex as Exchange & { fapiPublicGetPremiumIndexKlines(p: object): Promise<unknown> };
      const rows = await paginate(from, to, async (since) =>
        klineRows(await d.call(() => ex.fapiPublicGetPremiumIndexKlines({ symbol: `${asset}USDT`, interval: '1d', startTime: since, limit: 1500 }))),
      );
      return rows.map(([t, c]) => point('premium', dayOf(t), c)).filter((p) => inRange(p.day));
    }
    case 'funding': {
      const sums = new Map<Day, number>();
      const add = (page: FundingRateHistory[]) => {
        for (const f of page) {
          const day = dayOf(f.timestamp!);
          if (inRange(day)) sums.set(day, (sums.get(day) ?? 0) + (f.fundingRate ?? 0));
        }
      };
      if (d.venue === 'okx') {
        // OKX pages backwards: its `before` cursor alone returns the latest records, not the
        // oldest after it. It keeps about three months, so a long backfill ends there.
        let until = to + DAY_MS;
        for (;;) {
          const page = await d.call(() => d.ex.fetchFundingRateHistory(perpSymbol(asset), undefined, FUNDING_PAGE.okx, { after: until }));
          add(page);
          const first = page[0]?.timestamp;
          if (first === undefined || first >= until) break;
          until = first;
          if (first < from) break;
        }
        // Out of records before reaching `from`: the oldest day may hold only part of its fundings.
        if (until >= from && until <= to + DAY_MS) sums.delete(dayOf(until));
        return [...sums].map(([day, v]) => point('funding', day, v));
      }
      for (let since = from; since < to + DAY_MS; ) {
        const page = await d.call(() => d.ex.fetchFundingRateHistory(perpSymbol(asset), since, FUNDING_PAGE[d.venue]));
        if (page.length === 0) break;
        add(page);
        const last = page[page.length - 1]!.timestamp!;
        // Binance pages forward from startTime, so a short page is the last one: asking again would
        // only return an empty page. (ccxt windows Bybit's pages by time: short pages happen there.)
        if (last < since || (d.venue === 'binance' && page.length < FUNDING_PAGE.binance)) break;
        since = last + 1;
      }
      return [...sums].map(([day, v]) => point('funding', day, v));
    }
    case 'oi_usd':
    case 'oi_coins': {
      const floor = to - OI_HISTORY_DAYS * DAY_MS;
      const since = Math.max(from, floor);
      if (since > to) return [];
      const days = Math.round((to - since) / DAY_MS) + 1;
      const hist = await d.call(() => d.ex.fetchOpenInterestHistory(perpSymbol(asset), '1d', since, days));
      return hist.flatMap((h) => {
        const day = dayOf(h.timestamp!);
        if (!inRange(day)) return [];
        const pts: HistoryPoint[] = [];
        if (h.openInterestValue !== undefined) pts.push(point('oi_usd', day, h.openInterestValue));
        if (h.openInterestAmount !== undefined) pts.push(point('oi_coins', day, h.openInterestAmount));
        return pts;
      });
    }
    default:
      // On-chain series are not a venue's: bot/onchain fetches them.
      return [];
  }
}
