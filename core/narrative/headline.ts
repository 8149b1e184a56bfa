/** The note's headline, chosen by the situation, in title case like a newswire. */
import { bandRange, pct } from '../format.js';
import type { Signals } from '../signals/types.js';
import type { Situation } from './situation.js';

export function headline(name: string, s: Situation, sig: Signals): string {
  const band = bandRange(sig.basis.band);
  const dd = sig.momentum.drawdown90;
  switch (s) {
    case 'flip-negative':
      return `${name} Futures Dip Below Spot, Signaling De-Risking`;
    case 'recovery':
      return `${name} Futures Basis Climbs Back Above ${band}, Signaling Renewed Confidence`;
    case 'flip-positive':
      return `${name} Futures Return Above Spot`;
    case 'chop':
      return `${name} Futures Basis Chops Sideways`;
    case 'deepening':
      return `${name} Futures Discount Deepens`;
    case 'discount':
      return `${name} Futures Stay Below Spot`;
    case 'collapse':
      return dd !== null && dd <= -0.2
        ? `${name} Futures Premium Collapses as Price Sits ${pct(-dd, 0)} Below Its High`
        : `${name} Futures Premium Collapses`;
    case 'cooling':
      return `${name} Futures Premium Cools`;
    case 'building':
      return `${name} Futures Premium Builds`;
    case 'quiet':
      return `${name} Futures Basis Holds Steady`;
    default:
      return `${name} Futures Basis Unavailable`;
  }
}
