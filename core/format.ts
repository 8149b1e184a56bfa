/**
 * Number, percent and date formatting for notes and replies. Every figure a note prints goes
 * through here, so a test can re-render the inputs the same way and check the text against them.
 * Negative numbers use the typographic minus (U+2212), as analyst notes do.
 */
import type { Day } from './types.js';

export const MINUS = '\u2212';

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/**
 * What a figure too broken to state prints as. Venue data is made sane before it gets here
 * (core/sane.ts), so this is the last line: a NaN is never printed, nor is 1e+21.
 */
export const MISSING = 'n/a';
/** toFixed writes 1e+21 and beyond in exponent notation; nothing a note states is near that. */
const printable = (x: number): boolean => Number.isFinite(x) && Math.abs(x) < 1e15;

const fixed = (x: number, digits: number): string => {
  if (!printable(x)) return MISSING;
  const s = Math.abs(x).toFixed(digits);
  // −0.0 would read as a sign the data does not have
  return x < 0 && Number(s) !== 0 ? `${MINUS}${s}` : s;
};

/** 0.0123 → '1.2%' (a fraction shown as a percentage). */
export const pct = (x: number, digits = 1): string => (printable(x * 100) ? `${fixed(x * 100, digits)}%` : MISSING);

/** 0.0123 → '+1.2%', −0.008 → '−0.8%': for changes and for the basis, whose sign is the news. */
export const signedPct = (x: number, digits = 1): string => {
  const s = pct(x, digits);
  if (s === MISSING) return s;
  return s.startsWith(MINUS) || Number(Math.abs(x * 100).toFixed(digits)) === 0 ? s : `+${s}`;
};

/** A band edge without trailing zeros: 0 → '0%', 0.005 → '0.5%'. */
export const bandEdge = (x: number): string => (printable(x * 100) ? `${fixed(x * 100, 2).replace(/\.?0+$/, '')}%` : MISSING);

/** [0, 0.005] → '0%–0.5%'. */
export const bandRange = (band: readonly [number, number]): string => `${bandEdge(band[0])}–${bandEdge(band[1])}`;

/** 8.34e9 → '$8.34B', 6.1e8 → '$610M'. */
export const usd = (x: number): string => {
  if (!printable(x)) return MISSING;
  const a = Math.abs(x);
  const sign = x < 0 ? MINUS : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(0)}M`;
  return `${sign}$${Math.round(a).toLocaleString('en-US')}`;
};

/** 63479.99 → '$63,480'. */
export const price = (x: number): string => (printable(x) ? `$${Math.round(x).toLocaleString('en-US')}` : MISSING);

/** A live quote in the quote currency, as the /basis block shows it: 111227.4 → '111,227 USDT'. */
export const usdt = (x: number): string => `${Math.round(x).toLocaleString('en-US')} USDT`;

/** A tenor in whole days, never a float: 90.00000000000001 → '90-day'. */
export const tenor = (days: number): string => `${Math.round(days)}-day`;

/** A ratio such as an estimated leverage ratio: 0.2734 → '0.27'. */
export const ratio = (x: number): string => fixed(x, 2);

/**
 * 0.724 → '72%' (a measured confidence). Held to 1%–99%: a share measured on past cases is never a
 * certainty either way, and rounding must not make it read as one.
 */
export const confidencePct = (x: number): string => `${Math.min(99, Math.max(1, Math.round(x * 100)))}%`;

export const monthName = (day: Day): string => MONTHS[Number(day.slice(5, 7)) - 1] ?? day;

/** '2025-03-10' → 'March 2025'. */
export const monthYear = (day: Day): string => `${monthName(day)} ${day.slice(0, 4)}`;

/** '2025-03-10' → '10 March 2025'. */
export const longDate = (day: Day): string => `${Number(day.slice(8, 10))} ${monthYear(day)}`;


/** Coins, whole, to three significant figures from 1,000 up: 31234.5 → '31,200 BTC', 512.3 → '512 BTC'. */
export const coinAmount = (x: number, asset: string): string => {
  const a = Math.abs(x);
  const step = a >= 1000 ? 10 ** (Math.floor(Math.log10(a)) - 2) : 1;
  const rounded = Math.round(a / step) * step;
  return `${x < 0 && rounded !== 0 ? MINUS : ''}${rounded.toLocaleString('en-US')} ${asset}`;
};

/** The on-chain leverage ratio (OI in coins ÷ coins on exchanges, a few hundredths): 0.04412 → '0.044'. */
export const leverageRatio = (x: number): string => fixed(x, 3);

/** How many times larger: 2.134 → '2.1'. */
export const times = (x: number): string => fixed(x, 1);
