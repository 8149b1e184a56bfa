/**
 * Formatting for the compact views. Percentages and dollar amounts come from core/format.ts, as in
 * the note; prices here keep cents below 1,000 so small assets do not round to nothing.
 */
import { dayOf } from '../core/calendar.js';

import { MISSING } from '../core/format.js';

export { signedPct, usd } from '../core/format.js';

const cents = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 63479.99 → '63,480'; 2.4567 → '2.46'. */
export const price = (v: number): string => (!printable(v) ? MISSING : Math.abs(v) >= 1000 ? whole.format(v) : cents.format(v));

export const coins = (v: number, asset: string): string => `${printable(v) ? whole.format(v) : MISSING} ${asset}`;

/** '2026-08-12 08:00 UTC'; a time that is no time (a broken feed) is said to be unknown, never thrown. */
export const utcMinute = (ms: number): string =>
  Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'an unknown time';

/** As core/format.ts: Intl would print NaN, ∞, or a 300-digit number. */
const printable = (v: number): boolean => Number.isFinite(v) && Math.abs(v) < 1e15;

export const utcDay = dayOf;
