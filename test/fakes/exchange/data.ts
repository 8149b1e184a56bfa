/**
 * Market data the fake exchange serves, all read from test/fixtures/data (real Binance BTC data)
 * or derived from it as documented here:
 *
 * - Quarterly futures (no daily history of them exists in the fixtures): on day D the future's
 *   annualized basis is the real trailing-30-day funding APR of the perpetual plus a 1 % term
 *   premium (+0.5 % more for the next quarter), so the term structure moves with real leverage
 *   demand. Close = spot close × (1 + apr × daysToExpiry / 365), days measured from the close
 *   (D+1 00:00 UTC) to the contract's expiry (last Friday of the quarter, 08:00 UTC).
 * - Premium-index klines: perp close / spot close − 1 of the same day (real closes).
 * - ETH: BTC prices × 0.035 (roughly the 2025 ETH/BTC ratio), the same funding, half the OI in USD.
 * - XRP: BTC prices × 0.00003, a perpetual and no quarterly (like most Binance assets).
 * - Open interest of dated contracts: 6 % (current) and 4 % (next) of the perpetual's coins.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DAY_MS, addDays, dayClose, dayOf, quarterlyExpiries } from '../../../core/calendar.js';

const DIR = fileURLToPath(new URL('../../fixtures/data/', import.meta.url));

export interface Candle { day: string; open: number; high: number; low: number; close: number; volume: number }
export interface Funding { time: number; rate: number; intervalHours: number }
export interface OiRow { day: string; coins: number; usd: number }

function csv(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(DIR + name, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

const candles = (name: string, shift: number): Map<string, Candle> =>
  new Map(
    csv(name).map((r) => {
      const day = addDays(r.date!, shift);
      return [day, { day, open: +r.open!, high: +r.high!, low: +r.low!, close: +r.close!, volume: +r.volume! }];
    }),
  );

export const ETH_RATIO = 0.035;
export const XRP_RATIO = 0.00003;
export const TERM_PREMIUM = 0.01;
export const NEXT_QUARTER_EXTRA = 0.005;
export const DATED_OI_SHARE = [0.06, 0.04] as const;

/**
 * `shiftDays` moves the whole record forward in time (a multiple of 7, so weekdays and with them
 * the quarterly calendar stay true): the `--once` end-to-end test runs the bot on the real clock.
 */
export class FakeData {
  readonly spot: Map<string, Candle>;
  readonly perp: Map<string, Candle>;
  readonly funding: Funding[];
  readonly oi: Map<string, OiRow>;
  private readonly fundingByDay = new Map<string, number>();

  constructor(readonly shiftDays = 0) {
    if (shiftDays % 7 !== 0) throw new Error('shiftDays must be a multiple of 7');
    const shiftMs = shiftDays * DAY_MS;
    this.spot = candles('btc_spot_daily.csv', shiftDays);
    this.perp = candles('btc_perp_daily.csv', shiftDays);
    this.funding = csv('btc_funding_8h.csv').map((r) => ({
      time: +r.funding_time_ms! + shiftMs,
      rate: +r.funding_rate!,
      intervalHours: +r.funding_interval_hours!,
    }));
    this.oi = new Map<string, OiRow>(
      csv('btc_oi_daily.csv').map((r) => {
        const usd = +r.sum_open_interest_value_usd!;
        const coins = r.sum_open_interest_btc ? +r.sum_open_interest_btc : +r.implied_oi_btc_derived!;
        const day = addDays(r.date!, shiftDays);
        return [day, { day, coins, usd }];
      }),
    );
    for (const f of this.funding) this.fundingByDay.set(dayOf(f.time), (this.fundingByDay.get(dayOf(f.time)) ?? 0) + f.rate);
  }

  /** Price scale of an asset relative to the BTC files. */
  scale(asset: string): number {
    return asset === 'ETH' ? ETH_RATIO : asset === 'XRP' ? XRP_RATIO : 1;
  }

  /** Mean daily funding over the 30 days ending `day`, × 365. */
  trailingFundingApr(day: string): number {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < 30; i++) {
      const v = this.fundingByDay.get(addDays(day, -i));
      if (v !== undefined) {
        sum += v;
        n++;
      }
    }
    return n ? (sum / n) * 365 : 0;
  }

  termApr(day: string, next: boolean): number {
    return this.trailingFundingApr(day) + TERM_PREMIUM + (next ? NEXT_QUARTER_EXTRA : 0);
  }

  /** The continuous-quarter close of day D (index 0 current, 1 next), unscaled. */
  quarterClose(day: string, idx: 0 | 1): number | null {
    const s = this.spot.get(day);
    if (!s) return null;
    const expiry = quarterlyExpiries(dayClose(day), 2)[idx]!;
    const dte = (expiry - dayClose(day)) / DAY_MS;
    return s.close * (1 + (this.termApr(day, idx === 1) * dte) / 365);
  }

  /** Live dated mark at `now`, unscaled: today's spot open carried to expiry at yesterday's term APR. */
  liveDatedMark(now: number, expiry: number, idx: 0 | 1): number {
    const spot = this.spot.get(dayOf(now))!.open;
    const dte = (expiry - now) / DAY_MS;
    return spot * (1 + (this.termApr(addDays(dayOf(now), -1), idx === 1) * dte) / 365);
  }

  lastFunding(now: number): Funding {
    let last = this.funding[0]!;
    for (const f of this.funding) if (f.time <= now) last = f;
    return last;
  }

  /** The latest OI row on or before `now`'s day. */
  oiAt(now: number): OiRow | null {
    let best: OiRow | null = null;
    for (const r of this.oi.values()) if (r.day <= dayOf(now) && (!best || r.day > best.day)) best = r;
    return best;
  }
}
