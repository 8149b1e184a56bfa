import { describe, expect, it } from 'vitest';
import { createExchange } from '../../bot/market/ccxtVenue.js';
import { assetsFromMarkets, datedMarkets, hasDatedFutures, type MarketLike } from '../../bot/market/markets.js';

const NOW = Date.parse('2025-12-01T12:00:00Z');
// ccxt unified symbols as OKX lists them (BTC-USDT, BTC-USDT-SWAP, BTC-USDT-251226 on the wire).
const m = (symbol: string, extra: Partial<MarketLike>): MarketLike => {
  const [base = '', rest = ''] = symbol.split('/');
  return { symbol, base, quote: rest.slice(0, 4), active: true, ...extra };
};
const okxMarkets: MarketLike[] = [
  m('BTC/USDT', { spot: true }),
  m('BTC/USDT:USDT', { swap: true, linear: true, settle: 'USDT' }),
  m('BTC/USDT:USDT-260327', { future: true, linear: true, settle: 'USDT', expiry: Date.parse('2026-03-27T08:00:00Z') }),
  m('BTC/USDT:USDT-251226', { future: true, linear: true, settle: 'USDT', expiry: Date.parse('2025-12-26T08:00:00Z') }),
  m('BTC/USD:BTC-251226', { future: true, linear: false, settle: 'BTC', expiry: Date.parse('2025-12-26T08:00:00Z') }),
  m('ETH/USDT', { spot: true }),
  m('ETH/USDT:USDT', { swap: true, linear: true, settle: 'USDT' }),
  m('ETH/USDT:USDT-251128', { future: true, linear: true, settle: 'USDT', expiry: Date.parse('2025-11-28T08:00:00Z') }),
  m('XRP/USDT:USDT', { swap: true, linear: true, settle: 'USDT' }),
  m('XRP/USDT:USDT-251226', { future: true, linear: true, settle: 'USDT', expiry: Date.parse('2025-12-26T08:00:00Z') }),
];

describe('which assets a venue can answer for', () => {
  it('needs spot and a USDT-margined perpetual; dated futures are optional', () => {
    expect(assetsFromMarkets(okxMarkets), 'ETH counts though its only future has expired; XRP has no spot').toEqual(['BTC', 'ETH']);
  });
  it('knows which assets have dated futures to rebuild a term basis from', () => {
    expect(hasDatedFutures(okxMarkets, 'BTC')).toBe(true);
    expect(hasDatedFutures([...okxMarkets, m('SOL/USDT', { spot: true }), m('SOL/USDT:USDT', { swap: true, linear: true, settle: 'USDT' })], 'SOL')).toBe(false);
  });
  it('lists live USDT-margined dated contracts nearest first, never inverse ones', () => {
    expect(datedMarkets(okxMarkets, 'BTC', NOW).map((x) => x.symbol)).toEqual(['BTC/USDT:USDT-251226', 'BTC/USDT:USDT-260327']);
  });
});

describe('ccxt construction', () => {
  it.each([
    ['binance', ['spot', 'linear']],
    ['okx', ['spot', 'swap', 'future']],
    ['bybit', ['spot', 'linear']],
  ] as const)('%s loads only the market types it needs, through the proxy, with a timeout', async (venue, types) => {
    const ex = await createExchange({ venue, proxyUrl: 'http://127.0.0.1:9/', timeoutMs: 1234 });
    expect(ex.options['fetchMarkets']['types'], 'no COIN-M or options round trips').toEqual(types);
    expect(ex.proxyUrl).toBe('http://127.0.0.1:9/');
    expect(ex.timeout).toBe(1234);
    expect(ex.apiKey, 'public endpoints only').toBeFalsy();
  });

  it.each([
    ['binance', 'rollingWindow', 60_000],
    ['bybit', 'rollingWindow', 5_000],
    ['okx', 'leakyBucket', 0],
  ] as const)('%s paces requests by the window its limits are counted over (%s, %d ms)', async (venue, algorithm, windowMs) => {
    const ex = await createExchange({ venue, timeoutMs: 1234 });
    const throttle = (ex as unknown as { throttler: { config: { algorithm: string; windowSize: number } } }).throttler.config;
    expect(throttle.algorithm, 'a burst of one command is not spaced out request by request').toBe(algorithm);
    expect(throttle.windowSize).toBe(windowMs);
  });
});
