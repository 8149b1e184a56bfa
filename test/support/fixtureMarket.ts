/**
 * A Market port served from the real Binance history in test/fixtures/data — for the command and
 * platform tests, which exercise the commands and adapters, not ccxt (test/market does that).
 *
 * History comes from test/fixtures/history.ts (its header says what is real and what is derived:
 * the ~90-day basis is the real trailing 7-day mean funding APR). The live quote is the last
 * complete day's real closes and last real funding rate, with two quarterlies priced from spot on
 * that derived basis. ETH is BTC scaled by 1/20 (prices and open interest): a stand-in of the same shape.
 */
import { buildSnapshot, quarterlyExpiries } from '../../core/basis.js';
import { DAY_MS, addDays, dayOf } from '../../core/calendar.js';
import { UnknownAssetError } from '../../core/errors.js';
import type { Clock, Market } from '../../core/ports.js';
import type { DailyReading, VenueQuote } from '../../core/types.js';
import { dayQuote, realHistory } from '../fixtures/history.js';

const FIRST_DAY = '2021-01-01';
const LAST_DAY = '2026-07-31'; // the last day with perpetual and funding data

const scale = (asset: string) => (asset === 'ETH' ? 1 / 20 : 1);

export interface FixtureOptions {
  assets?: string[];
  /**
   * Overrides of the live quote (alert tests script the minute-by-minute market): the headline
   * basis the quarterlies are priced at, and the funding rate per 8h. Read at every snapshot.
   */
  live?: () => { basis?: number; fundingRate?: number };
}

export function createFixtureMarket(clock: Clock, opts: FixtureOptions = {}): Market & { calls: { snapshot: number; history: number } } {
  const assets = opts.assets ?? ['BTC', 'ETH'];
  const calls = { snapshot: 0, history: 0 };
  const check = (asset: string) => {
    if (!assets.includes(asset)) throw new UnknownAssetError(asset, assets);
  };
  /** Complete days only: today's candle has not closed. */
  const lastDay = () => {
    const yesterday = addDays(dayOf(clock.now()), -1);
    return yesterday < LAST_DAY ? yesterday : LAST_DAY;
  };
  const readings = (asset: string, days: number): DailyReading[] => {
    const to = lastDay();
    const from = addDays(to, -(days - 1));
    const k = scale(asset);
    return realHistory(from > FIRST_DAY ? from : FIRST_DAY, to).map((r) => ({
      ...r,
      spot: r.spot * k,
      openInterestUsd: r.openInterestUsd === null ? null : r.openInterestUsd * k,
    }));
  };
  return {
    calls,
    knownAssets: async () => assets,
    async history(asset, days) {
      calls.history++;
      check(asset);
      return readings(asset, days);
    },
    async snapshot(asset) {
      calls.snapshot++;
      check(asset);
      const now = clock.now();
      const last = readings(asset, 1)[0]!;
      const d = dayQuote(last.day)!;
      const k = scale(asset);
      const live = opts.live?.() ?? {};
      const basis = live.basis ?? last.headlineBasis ?? 0;
      const fundingRate = live.fundingRate ?? d.lastFundingRate;
      const quote: VenueQuote = {
        venue: 'binance',
        asset,
        at: now,
        spot: d.spot * k,
        perp: { symbol: `${asset}/USDT:USDT`, mark: (d.perp ?? d.spot) * k, index: d.spot * k },
        funding:
          fundingRate === null
            ? null
            : { rate: fundingRate, intervalHours: 8, nextFundingTime: Math.ceil(now / (8 * 3_600_000)) * 8 * 3_600_000 },
        openInterest: d.oiUsd === null ? null : { coins: d.oiUsd / d.spot, usd: d.oiUsd * k },
        dated: quarterlyExpiries(now, 2).map((expiry) => ({
          symbol: `${asset}/USDT:USDT-${new Date(expiry).toISOString().slice(2, 10).replaceAll('-', '')}`,
          expiry,
          price: d.spot * k * (1 + (basis * (expiry - now)) / DAY_MS / 365),
          openInterestUsd: null,
        })),
      };
      return buildSnapshot([quote], now);
    },
  };
}
