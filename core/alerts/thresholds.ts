/**
 * Every dead band and confirmation count of the flip alerts, in one place. A reading inside its
 * kind's dead band says nothing about the side; a new side counts only after `confirmations`
 * checks outside the dead band see it. Change a number here and alertRulesTable() (the README)
 * follows.
 */
import { bandEdge } from '../format.js';
import { THRESHOLDS } from '../regime/weights.js';
import type { AlertKind } from './types.js';

export interface KindRule {
  /**
   * Half-width of the dead band around the kind's line, in the reading's own unit: annualized
   * fraction for the basis, the band and the 7/30 cross; APR fraction for funding; regime score
   * for the regime (around ±THRESHOLDS.label).
   */
  deadBand: number;
  /** Checks outside the dead band that must see the new side before it counts. */
  confirmations: number;
  /** Why these values: copied into the README. */
  why: string;
}

export type AlertRules = Readonly<Record<AlertKind, KindRule>>;

export const ALERT_RULES: AlertRules = {
  basis: {
    deadBand: 0.0025,
    confirmations: 3,
    why:
      'The live basis moves every minute. ±0.25 points annualized is about 0.06% of price on a 90-day contract (≈$40 on a $69,000 bitcoin): ' +
      'closer to zero than that, the sign is a coin toss, not a flip. Three checks on the new side (three minutes at the default one check a minute) let a one- or two-check print pass unreported.',
  },
  band: {
    deadBand: 0.0025,
    confirmations: 3,
    why: "The band's top is a level of the same live basis, so it gets the same dead band and the same three checks.",
  },
  regime: {
    deadBand: 0.05,
    confirmations: 3,
    why:
      `The regime score moves with the live basis, funding and premium. A new label counts once the score is 0.05 past its threshold (±${THRESHOLDS.label}), ` +
      'so a score hovering on the line does not relabel every minute, and a confirmed label is always the one the note shows.',
  },
  cross: {
    deadBand: 0.001,
    confirmations: 1,
    why:
      'Both averages are of daily closes and change once a day, so a repeated check adds nothing. ' +
      'A gap of under 0.10 points is two averages touching, not one crossing the other.',
  },
  funding: {
    deadBand: 0.01,
    confirmations: 3,
    why:
      'The live funding APR moves every minute. ±1 point APR is 0.0009% per 8h: 7% of the 2021–26 Binance BTC settlements sat that close to zero, ' +
      'and leaving them out cuts the sign changes from 876 to 670. Three checks on the new side, as for the basis.',
  },
};

/** The default cool-down per chat, asset and kind (like Alertmanager's repeat interval): 4 hours. */
export const DEFAULT_ALERT_COOLDOWN_MINUTES = 240;

const deadBandText = (kind: AlertKind, d: number): string =>
  kind === 'regime' ? `±${d} of score around ±${THRESHOLDS.label}` : `±${bandEdge(d)} ${kind === 'funding' ? 'APR' : 'annualized'}`;

/** The rules as a markdown table, for the README. */
export function alertRulesTable(): string {
  const rows = (Object.keys(ALERT_RULES) as AlertKind[]).map((k) => {
    const r = ALERT_RULES[k];
    return `| \`${k}\` | ${deadBandText(k, r.deadBand)} | ${r.confirmations} | ${r.why} |`;
  });
  return ['| Kind | Dead band | Checks to confirm | Why |', '|---|---|---|---|', ...rows].join('\n');
}
