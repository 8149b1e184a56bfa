/**
 * A Market port served from the real Binance history in test/fixtures/data — for the platform
 * end-to-end tests, which exercise the adapters and commands, not ccxt (the market suites do that).
 *
 * Derived, not recorded: Binance's USDT quarterlies have no public daily history here, so the
 * ~90-day annualized basis is taken as the trailing 7-day mean of the real funding APR (the term
 * basis tracks funding closely), and two live quarterlies are priced from spot on that basis.
 * ETH is BTC scaled by 1/20 (prices and open interest), a stand-in with the same shapes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSnapshot, quarterlyExpiries } from '../../core/basis.js';
import { UnknownAssetError } from '../../core/errors.js';
import type { Clock, Market } from '../../core/ports.js';
import type { DailyReading, VenueQuote } from '../../core/types.js';

const DATA = fileURLToPath(new URL('../fixtures/data/', import.meta.url));
const DAY = 86_400_000;

export function readCsv(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(DATA + name, 'utf8').trim().split('\n');
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

interface Day {
  spot: number;
  perp: number | null;
  funding: number; // sum of the day's rates
  lastRate: number;
  oiUsd: number | null;
}

function loadDays(): Map<string, Day> {
  const days = new Map<string, Day>();
  for (const r of readCsv('btc_spot_daily.csv')) days.set(r.date!, { spot: +r.close!, perp: null, funding: 0, lastRate: 0, oiUsd: null });
  for (const r of readCsv('btc_perp_daily.csv')) {
    const d = days.get(r.date!);
    if (d) d.perp = +r.close!;
  }
  for (const r of readCsv('btc_funding_8h.csv')) {
    const d = days.get(r.funding_time_utc!.slice(0, 10));
    if (d) {
      d.funding += +r.funding_rate!;
      d.lastRate = +r.funding_rate!;
    }
  }
  for (const r of readCsv('btc_oi_daily.csv')) {
    const d = days.get(r.date!);
    if (d && r.sum_open_interest_value_usd) d.oiUsd = +r.sum_open_interest_value_usd;
  }
  return days;
}

let cache: { days: string[]; byDay: Map<string, Day>; readings: DailyReading[] } | null = null;

function data() {
  if (cache) return cache;
  const byDay = loadDays();
  const days = [...byDay.keys()].sort();
  const aprs = days.map((d) => byDay.get(d)!.funding * 365);
  const readings = days.map((day, i): DailyReading => {
    const window = aprs.slice(Math.max(0, i - 6), i + 1);
    const d = byDay.get(day)!;
    return {
      day,
      spot: d.spot,
      headlineBasis: window.length === 7 ? window.reduce((a, b) => a + b, 0) / 7 : null,
      premium: d.perp === null ? null : d.perp / d.spot - 1,
      fundingApr: aprs[i]!,
      openInterestUsd: d.oiUsd,
    };
  });
  return (cache = { days, byDay, readings });
}

const scale = (asset: string) => (asset === 'ETH' ? 1 / 20 : 1);

export function createFixtureMarket(clock: Clock, opts: { assets?: string[] } = {}): Market & { calls: { snapshot: number; history: number } } {
  const assets = opts.assets ?? ['BTC', 'ETH'];
  const calls = { snapshot: 0, history: 0 };
  const check = (asset: string) => {
    if (!assets.includes(asset)) throw new UnknownAssetError(asset, assets);
  };
  const completeDays = () => {
    const today = new Date(clock.now()).toISOString().slice(0, 10);
    return data().readings.filter((r) => r.day < today);
  };
  return {
    calls,
    knownAssets: async () => assets,
    async history(asset, days) {
      calls.history++;
      check(asset);
      const k = scale(asset);
      return completeDays()
        .slice(-days)
        .map((r) => ({ ...r, spot: r.spot * k, openInterestUsd: r.openInterestUsd === null ? null : r.openInterestUsd * k }));
    },
    async snapshot(asset) {
      calls.snapshot++;
      check(asset);
      const now = clock.now();
      const last = completeDays().at(-1);
      if (!last) throw new Error(`no fixture data before ${new Date(now).toISOString()}`);
      const d = data().byDay.get(last.day)!;
      const k = scale(asset);
      const basis = last.headlineBasis ?? 0;
      const expiries = quarterlyExpiries(now, 2);
      const quote: VenueQuote = {
        venue: 'binance',
        asset,
        at: now,
        spot: d.spot * k,
        perp: { symbol: `${asset}/USDT:USDT`, mark: (d.perp ?? d.spot) * k, index: d.spot * k },
        funding: { rate: d.lastRate, intervalHours: 8, nextFundingTime: Math.ceil(now / (8 * 3600_000)) * 8 * 3600_000 },
        openInterest: d.oiUsd === null ? null : { coins: d.oiUsd / d.spot, usd: d.oiUsd * k },
        dated: expiries.map((expiry) => ({
          symbol: `${asset}/USDT:USDT-${new Date(expiry).toISOString().slice(2, 10).replaceAll('-', '')}`,
          expiry,
          price: d.spot * k * (1 + (basis * (expiry - now)) / DAY / 365),
          openInterestUsd: null,
        })),
      };
      return buildSnapshot([quote], now);
    },
  };
}
