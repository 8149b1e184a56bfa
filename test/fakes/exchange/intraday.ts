/**
 * Real 4-hour BTC candles (test/fixtures/data/btc_spot_4h.csv, btc_perp_4h.csv), for the venues
 * whose fakes quote "the price now" rather than the day's open: OKX and Bybit serve the open of
 * the 4h candle that contains `now`, the real Binance price at that instant. So their quotes
 * differ from the Binance fake's (which serves the daily open) by real intraday moves, and a
 * test can tell which venue a number came from.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DAY_MS, addDays, dayOf, quarterlyExpiries } from '../../../core/calendar.js';
import { DATED_OI_SHARE, type FakeData } from './data.js';

const DIR = fileURLToPath(new URL('../../fixtures/data/', import.meta.url));
export const FOUR_HOURS = 4 * 3_600_000;

function opens(name: string, shiftDays: number): Map<number, number> {
  const [, ...lines] = readFileSync(DIR + name, 'utf8').trim().split('\n');
  return new Map(
    lines.map((l) => {
      const [time, open] = l.split(',');
      return [Date.parse(time!) + shiftDays * DAY_MS, Number(open)];
    }),
  );
}

export interface Intraday {
  /** BTC spot at `now`: the open of the 4h spot candle containing it. */
  spot(now: number): number;
  /** BTC perpetual at `now`: the open of the 4h perp candle containing it. */
  perp(now: number): number;
}

const loaded = new Map<number, Intraday>();

export function intraday(shiftDays: number): Intraday {
  let got = loaded.get(shiftDays);
  if (!got) {
    const spot = opens('btc_spot_4h.csv', shiftDays);
    const perp = opens('btc_perp_4h.csv', shiftDays);
    const at = (m: Map<number, number>, what: string) => (now: number) => {
      const v = m.get(Math.floor(now / FOUR_HOURS) * FOUR_HOURS);
      if (v === undefined) throw new Error(`fake exchange: no 4h ${what} candle at ${new Date(now).toISOString()}`);
      return v;
    };
    got = { spot: at(spot, 'spot'), perp: at(perp, 'perp') };
    loaded.set(shiftDays, got);
  }
  return got;
}

/**
 * What the OKX and Bybit fakes quote at `now`, from FakeData and the 4h candles:
 * - spot last and index: the 4h spot open; perpetual mark: the 4h perp open (assets scaled as in
 *   data.ts: ETH × 0.035, XRP × 0.00003);
 * - a dated future is priced off the perpetual, perp × (1 + term APR × days to expiry / 365),
 *   with the same term APR as the Binance fake (data.ts, yesterday's): so these venues' dated
 *   basis carries the perp's real discount to spot and differs a little from Binance's;
 * - funding: the last real settled rate and the next real funding time;
 * - open interest: the Binance fake's perpetual coins, dated contracts 6 % / 4 % of them.
 */
export function liveQuotes(d: FakeData, now: number) {
  const i = intraday(d.shiftDays);
  const expiries = quarterlyExpiries(now, 2) as [number, number];
  const mark = (asset: string) => i.perp(now) * d.scale(asset);
  const perpCoins = (asset: string) => {
    const row = d.oiAt(now)!;
    return (row.usd * (asset === 'ETH' ? 0.5 : 1)) / (row.usd / row.coins) / d.scale(asset);
  };
  const last = d.lastFunding(now);
  return {
    expiries,
    spot: (asset: string) => i.spot(now) * d.scale(asset),
    mark,
    dated: (asset: string, idx: 0 | 1) =>
      mark(asset) * (1 + (d.termApr(addDays(dayOf(now), -1), idx === 1) * (expiries[idx] - now)) / DAY_MS / 365),
    perpCoins,
    datedCoins: (asset: string, idx: 0 | 1) => perpCoins(asset) * DATED_OI_SHARE[idx],
    funding: last,
    nextFundingTime: d.funding.find((f) => f.time > now)?.time ?? last.time + last.intervalHours * 3_600_000,
  };
}

/** A venue's dated-contract id for an expiry, e.g. OKX 'BTC-USDT-251226'. */
export const yymmdd = (ms: number) => new Date(ms).toISOString().slice(2, 10).replaceAll('-', '');
