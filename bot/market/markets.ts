/**
 * Which assets a venue can answer for, read from ccxt's unified markets: an asset counts when it
 * has a USDT spot market and a USDT-margined perpetual. Dated futures are read when listed (on
 * Binance only BTC and ETH have them); without them the reply shows funding, premium and open
 * interest, and says there is no dated basis.
 */
import type { Asset } from '../../core/types.js';

/** The fields of a ccxt unified market this module reads. */
export interface MarketLike {
  symbol: string;
  base: string;
  quote: string;
  settle?: string | undefined;
  spot?: boolean;
  swap?: boolean;
  future?: boolean;
  linear?: boolean | undefined;
  active?: boolean | undefined;
  expiry?: number | undefined;
  contractSize?: number | undefined; // coins per contract
}

const live = (m: MarketLike) => m.active !== false;

export const spotSymbol = (asset: Asset) => `${asset}/USDT`;
export const perpSymbol = (asset: Asset) => `${asset}/USDT:USDT`;

export function datedMarkets(markets: MarketLike[], asset: Asset, now: number): MarketLike[] {
  return markets
    .filter((m) => m.future && m.linear && m.base === asset && m.settle === 'USDT' && live(m) && (m.expiry ?? 0) > now)
    .sort((a, b) => (a.expiry ?? 0) - (b.expiry ?? 0));
}

export function assetsFromMarkets(markets: MarketLike[]): Asset[] {
  const bySymbol = new Map(markets.map((m) => [m.symbol, m]));
  const bases = new Set(markets.filter((m) => m.swap).map((m) => m.base));
  return [...bases]
    .filter((a) => {
      const spot = bySymbol.get(spotSymbol(a));
      const perp = bySymbol.get(perpSymbol(a));
      return spot?.spot && live(spot) && perp?.swap && perp.linear && live(perp);
    })
    .sort();
}

/** Whether the venue lists any USDT-margined dated future of the asset (live or not). */
export const hasDatedFutures = (markets: MarketLike[], asset: Asset): boolean =>
  markets.some((m) => m.future && m.linear && m.base === asset && m.settle === 'USDT');
