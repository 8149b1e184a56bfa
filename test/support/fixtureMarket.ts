/**
 * A Market port served from the real history in test/fixtures/data — for the command and
 * platform tests, which exercise the commands and adapters, not ccxt (test/market does that).
 *
 * History comes from test/fixtures/history.ts (its header says what is real and what is derived):
 * real Binance BTC and ETH spot, perpetual and funding, and the ~90-day basis of the real CME
 * Micro Bitcoin / Micro Ether futures against Binance spot, standing in for Binance's quarterlies.
 * The data end on 2026-02-12 (the last CME day); on a later clock the market stays on that day.
 * The live quote is the last complete day's real closes and last real funding rate, with two
 * Binance-calendar quarterlies priced from spot at the latest CME basis, so the live headline is
 * that basis.
 */
import { buildSnapshot, quarterlyExpiries } from '../../core/basis.js';
import { DAY_MS, addDays, dayOf } from '../../core/calendar.js';
import { UnknownAssetError } from '../../core/errors.js';
import type { Clock, Market } from '../../core/ports.js';
import type { DailyReading, VenueQuote } from '../../core/types.js';
import { LAST_CME_DAY, dayQuote, realHistory, type FixtureAsset } from '../fixtures/history.js';

const FIRST_DAY = '2021-01-01';
const LAST_DAY = LAST_CME_DAY;

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
    return realHistory(from > FIRST_DAY ? from : FIRST_DAY, to, { asset: asset as FixtureAsset, basis: 'cme' });
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
      // CME has no Saturday bar: the latest basis is then Friday's.
      const recent = readings(asset, 7);
      const last = recent.at(-1)!;
      const d = dayQuote(last.day, asset as FixtureAsset)!;
      const live = opts.live?.() ?? {};
      const basis = live.basis ?? recent.findLast((r) => r.headlineBasis !== null)?.headlineBasis ?? 0;
      const fundingRate = live.fundingRate ?? d.lastFundingRate;
      const quote: VenueQuote = {
        venue: 'binance',
        asset,
        at: now,
        spot: d.spot,
        perp: { symbol: `${asset}/USDT:USDT`, mark: d.perp ?? d.spot, index: d.spot },
        funding:
          fundingRate === null
            ? null
            : { rate: fundingRate, intervalHours: 8, nextFundingTime: Math.ceil(now / (8 * 3_600_000)) * 8 * 3_600_000 },
        openInterest: d.oiUsd === null ? null : { coins: d.oiUsd / d.spot, usd: d.oiUsd },
        dated: quarterlyExpiries(now, 2).map((expiry) => ({
          symbol: `${asset}/USDT:USDT-${new Date(expiry).toISOString().slice(2, 10).replaceAll('-', '')}`,
          expiry,
          price: d.spot * (1 + (basis * (expiry - now)) / DAY_MS / 365),
          openInterestUsd: null,
        })),
      };
      return buildSnapshot([quote], now);
    },
  };
}
