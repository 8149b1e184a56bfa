/**
 * Each driver turns one signal into a score in [−1, +1] (negative = bearish) with a short
 * plain-text reason, or null when its data is missing. The weights live in weights.ts.
 */
import { bandRange, coinAmount, leverageRatio, pct, signedPct } from '../format.js';
import { flowStanding } from '../narrative/onchain.js';
import { clamp } from '../signals/series.js';
import type { Direction, Signals } from '../signals/types.js';
import { THRESHOLDS as T, type DriverKey } from './weights.js';

export interface DriverReading {
  score: number;
  detail: string;
}

const dirScore = (d: Direction | null): number => (d === 'rising' ? 1 : d === 'falling' ? -1 : 0);
const rankText = (p: number): string => (p >= 0.5 ? `above ${pct(p, 0)}` : `below ${pct(1 - p, 0)}`) + ' of the past year';

export const DRIVERS: Readonly<Record<DriverKey, (s: Signals) => DriverReading | null>> = {
  basisLevel: ({ basis: b }) => {
    if (b.level === null) return null;
    const lo = b.band[0];
    const score =
      b.level < lo
        ? clamp(T.belowBandFloor - ((lo - b.level) / T.belowBandScale) * (1 + T.belowBandFloor))
        : clamp((b.level - T.neutralCarry) / T.carryScale);
    const where = b.bandSide === 'below' ? 'below' : b.bandSide === 'above' ? 'above' : 'inside';
    return { score, detail: `basis ${signedPct(b.level, 2)}, ${where} the ${bandRange(b.band)} band` };
  },
  basisTrend: ({ basis: b }) => {
    if (b.dir7 === null && b.dir30 === null) return null;
    const cross = b.cross === 'above' ? 1 : b.cross === 'below' ? -1 : 0;
    const score = 0.4 * dirScore(b.dir7) + 0.3 * dirScore(b.dir30) + 0.3 * cross;
    const dirs = b.dir7 === b.dir30 ? `both averages ${b.dir7}` : `7-day average ${b.dir7 ?? 'unknown'}, 30-day ${b.dir30 ?? 'unknown'}`;
    return { score, detail: `${dirs}, 7-day ${b.cross ?? 'unknown'} the 30-day` };
  },
  funding: ({ funding: f }) =>
    f.value === null || f.percentile === null
      ? null
      : { score: (f.percentile - 0.5) * 2, detail: `funding ${pct(f.value)} APR, ${rankText(f.percentile)}` },
  premium: ({ premium: p }) =>
    p.value === null || p.percentile === null
      ? null
      : { score: (p.percentile - 0.5) * 2, detail: `perp premium ${signedPct(p.value, 3)}, ${rankText(p.percentile)}` },
  openInterest: ({ leverage: l, momentum: m }) => {
    if (l.change7 === null || m.return7 === null) return null;
    const priceSign = Math.abs(m.return7) < T.oiPriceDeadband ? 0 : Math.sign(m.return7);
    const score = clamp(l.change7 / T.oiScale) * priceSign;
    return { score, detail: `open interest ${signedPct(l.change7)} in 7 days with price ${signedPct(m.return7)}` };
  },
  momentum: ({ momentum: m }) => {
    if (m.return30 === null || m.return7 === null) return null;
    const score = 0.6 * clamp(m.return30 / T.return30Scale) + 0.4 * clamp(m.return7 / T.return7Scale);
    return { score, detail: `price ${signedPct(m.return30)} over 30 days, ${signedPct(m.return7)} over 7` };
  },
  drawdown: ({ momentum: m }) => {
    if (m.drawdown90 === null) return null;
    const score = clamp((T.drawdownNeutral + m.drawdown90) / T.drawdownScale);
    return { score, detail: `price ${pct(-m.drawdown90)} below its 90-day high` };
  },
  flows: ({ onChain, asset }) => {
    const f = onChain?.flows;
    if (!f || f.percentile === null) return null;
    const dir = f.netNtv7 >= 0 ? 'inflows to' : 'outflows from';
    return {
      score: clamp((0.5 - f.percentile) * 2),
      detail: `net ${dir} exchanges of ${coinAmount(Math.abs(f.netNtv7), asset)} over 7 days, ${flowStanding(f)}`,
    };
  },
  leverageRatio: ({ onChain }) => {
    const r = onChain?.ratio;
    if (!r || r.change30 === null) return null;
    return {
      score: clamp(r.change30 / T.leverageRatioScale),
      detail: `leverage ratio ${leverageRatio(r.value)}, ${signedPct(r.change30)} over 30 days`,
    };
  },
};
