/**
 * Why a driver pulls the way it does, in a few words: the rationale lists a reading ("basis +2.90%,
 * above the 0%–2% band") and a reader needs to know why that reading counts for or against the
 * label. Each reason follows the driver's own scoring (core/regime/drivers.ts) and its sign.
 */
import { pct } from '../format.js';
import type { Driver } from '../regime/classify.js';
import { THRESHOLDS as T } from '../regime/weights.js';
import type { Signals } from '../signals/types.js';

type Reason = (s: Signals, up: boolean) => string | null;

const REASONS: Partial<Record<Driver['key'], Reason>> = {
  // Scored against ordinary carry (neutralCarry), not against the band: a basis above the band can still be thin.
  basisLevel: ({ basis: b }, up) => {
    if (b.level === null) return null;
    const carry = pct(T.neutralCarry, 0);
    if (b.level < 0) return 'futures below spot, a sign of de-risking';
    if (up) return `richer than the ${carry} of ordinary carry, traders paying up to be long`;
    return b.level > b.band[1] ? `but thinner than the ${carry} of ordinary carry` : 'carry all but gone';
  },
  basisTrend: (_s, up) => (up ? 'demand for carry is building' : 'demand for carry is fading'),
  funding: ({ funding: f }, up) => (up ? 'leveraged longs pay more than usual' : f.value !== null && f.value < 0 ? 'shorts paying longs' : 'leveraged longs pay less than usual'),
  premium: (_s, up) => (up ? 'perpetuals trade rich to spot by their own standards' : 'perpetuals trade cheap to spot by their own standards'),
  openInterest: ({ leverage: l }, up) => {
    if (l.change7 === null) return null;
    const adding = l.change7 >= 0;
    if (adding) return up ? 'fresh positions behind the rise' : 'fresh positions behind the fall';
    return up ? 'positions closing into the fall, easing the pressure' : 'the rise rests on positions closing';
  },
  momentum: (_s, up) => (up ? 'the price trend is up' : 'the price trend is down'),
  drawdown: (_s, up) => (up ? 'trading near its highs' : 'a market in retreat'),
  flows: (_s, up) => (up ? 'coins leaving exchanges, fewer readied for sale' : 'coins readied for sale'),
  leverageRatio: (_s, up) => (up ? 'risk appetite returning' : 'leverage being cut'),
};

/** 'basis +2.90%, above the 0%–2% band — but thinner than the 5% of ordinary carry'. */
export function explained(d: Driver, s: Signals): string {
  const reason = REASONS[d.key]?.(s, d.score > 0) ?? null;
  return reason === null || d.detail.includes(' — ') ? d.detail : `${d.detail} — ${reason}`;
}
