/**
 * Seeded hostile inputs for the reply fuzz test: strings made of what breaks chat markup (HTML and
 * markdown specials, mention syntax, emoji, combining marks, direction overrides, 10,000-character
 * runs) and numbers a broken venue sends (NaN, ±Infinity, ±0, 1e300, 1e21 where toFixed turns
 * exponential). The same seed gives the same inputs, so a failure names its seed and reproduces.
 */
import { DAY_MS, addDays, dayOf } from '../../core/calendar.js';
import type { DailyReading, MarketSnapshot, VenueId, VenueQuote } from '../../core/types.js';

/** mulberry32: tiny, fast, and good enough to spread test cases. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof rng>;

const PIECES = [
  '<', '>', '&', '_', '*', '[', ']', '~', '`', '|', '\\', '#', '-', '>', '"', "'", '(', ')', '.', '1. ',
  '**bold**', '__u__', '||spoiler||', '```', '`code`', '[link](https://example.com)', '# heading', '> quote', '- item',
  '<b>', '</b>', '<pre>', '</pre>', '<a href="x">', '&amp;', '&lt;', '&#x41;', '&nbsp', '<@123456789012345678>', '<#1>', '<t:0:R>',
  '@everyone', '@here', ':emoji:', '📈', '🔴', '👨‍👩‍👧', '🇺🇸', 'e\u0301', '\u202e', '\u200b', '\uFEFF', '\n', '\t', ' ', '  ',
  'BTC', 'basis', 'Ünïcödé', '中文', 'مرحبا', '0', '−', '%', '$',
];

/** A hostile string: usually short, sometimes hundreds of characters, sometimes 10,000. */
export function hostileString(r: Rng): string {
  const roll = r.next();
  const target = roll < 0.05 ? 10_000 : roll < 0.15 ? 200 + r.int(1200) : r.int(40);
  let s = '';
  while (s.length < target) s += r.chance(0.3) ? PIECES[r.int(PIECES.length)]! : String.fromCharCode(0x61 + r.int(26));
  // A data string may not spell the words the test looks for in output built from numbers.
  return cut(s, target).replace(/NaN|Infinity|undefined/gi, 'x');
}

/** The first `n` UTF-16 units, never half an emoji: platforms hand the bot valid text only. */
export const cut = (s: string, n: number): string => s.slice(0, n).replace(/[\uD800-\uDBFF]$/, '');

const NUMBERS = [0, -0, 1, -1, 0.5, -0.5, 1e-12, -1e-12, 1e21, -1e21, 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE, NaN, NaN, Infinity, -Infinity, 123456.789, 0.0001];

/** A number as a broken venue might send it, or a plausible one. */
export const hostileNumber = (r: Rng): number => (r.chance(0.5) ? r.pick(NUMBERS) : (r.next() - 0.5) * 10 ** r.int(8));
const maybe = <T>(r: Rng, make: () => T): T | null => (r.chance(0.25) ? null : make());

export const NOW = Date.parse('2026-08-01T09:00:00Z');
const VENUES: VenueId[] = ['binance', 'okx', 'bybit'];

/** A venue quote with hostile prices, rates and contract names. */
export function hostileQuote(r: Rng, asset: string, venue: VenueId = r.pick(VENUES)): VenueQuote {
  return {
    venue,
    asset,
    at: NOW,
    spot: hostileNumber(r),
    perp: maybe(r, () => ({ symbol: hostileString(r), mark: hostileNumber(r), index: hostileNumber(r) })),
    funding: maybe(r, () => ({ rate: hostileNumber(r), intervalHours: r.pick([8, 4, 1, 0, NaN, -8]), nextFundingTime: r.pick([null, NOW + 3_600_000, NaN]) })),
    openInterest: maybe(r, () => ({ coins: hostileNumber(r), usd: hostileNumber(r) })),
    dated: Array.from({ length: r.int(4) }, () => ({
      symbol: r.chance(0.5) ? `${asset}/USDT:USDT-261225` : hostileString(r),
      expiry: NOW + r.pick([1, 3, 30, 90, 120, 400, NaN, -5]) * DAY_MS,
      price: hostileNumber(r),
      openInterestUsd: r.chance(0.5) ? null : hostileNumber(r),
    })),
  };
}

/** A snapshot written by hand, bypassing buildSnapshot: every number may be NaN or out of range. */
export function hostileSnapshot(r: Rng, asset: string): MarketSnapshot {
  const venue = r.pick(VENUES);
  const n = () => hostileNumber(r);
  return {
    asset,
    at: NOW, // the bot's own clock, never the venue's
    venues: [venue],
    reference: { venue, kind: 'spot last', price: n() },
    perp: maybe(r, () => ({ venue, symbol: hostileString(r), mark: n(), index: n(), premium: n() })),
    funding: maybe(r, () => ({ venue, rate: n(), intervalHours: r.pick([8, NaN, 0]), nextFundingTime: r.pick([null, NOW, NaN]), apr: n() })),
    openInterest: maybe(r, () => ({ coins: n(), usd: n(), venues: [venue] })),
    dated: Array.from({ length: r.int(3) }, () => ({
      venue, symbol: hostileString(r), expiry: NOW + 90 * DAY_MS, price: n(), openInterestUsd: null, daysToExpiry: n(), basis: n(), annualized: n(),
    })),
    headline: maybe(r, () => ({ annualized: n(), tenorDays: n(), method: r.pick(['interpolated', 'nearest'] as const), contracts: [hostileString(r)], venues: [venue] })),
  };
}

/** Daily history ending yesterday: mostly sane, with hostile values and gaps sprinkled in. */
export function hostileHistory(r: Rng): DailyReading[] {
  const days = r.pick([0, 1, 2, 8, 31, 45, 90]);
  const last = addDays(dayOf(NOW), -1);
  let spot = 60_000;
  return Array.from({ length: days }, (_, i) => {
    spot *= 1 + (r.next() - 0.5) / 20;
    const v = (sane: number) => (r.chance(0.1) ? hostileNumber(r) : r.chance(0.05) ? null : sane);
    return {
      day: addDays(last, i - days + 1),
      spot: r.chance(0.05) ? hostileNumber(r) : spot,
      headlineBasis: v((r.next() - 0.4) / 10),
      premium: v((r.next() - 0.5) / 1000),
      fundingApr: v((r.next() - 0.3) / 5),
      openInterestUsd: v(1e10 * (1 + r.next())),
    };
  });
}
