/** Number and time formatting for the compact views (the note's own wording lives in core). */

const usd = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const big = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const price = (v: number): string => (v >= 1000 ? big.format(v) : usd.format(v));

/** 0.0423 → '+4.23%'. */
export const signedPct = (fraction: number, digits = 2): string =>
  `${fraction > 0 ? '+' : fraction < 0 ? '−' : ''}${Math.abs(fraction * 100).toFixed(digits)}%`;

/** 8.3e9 → '$8.30B'. */
export function compactUsd(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `$${(v / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `$${(v / 1e6).toFixed(1)}M`;
  return `$${big.format(v)}`;
}

export const coins = (v: number, asset: string): string => `${big.format(v)} ${asset}`;

/** '2026-08-12 08:00 UTC'. */
export const utcMinute = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const titleCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
