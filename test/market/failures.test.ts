import { afterEach, describe, expect, it } from 'vitest';
import { MarketUnavailableError } from '../../core/errors.js';
import { rig, type Rig } from './helpers.js';

const NOW = '2025-12-01T12:00:00Z';
let r: Rig;
afterEach(async () => r.fake.close());

/** ccxt's real okx client against the fake's OKX v5 routes (same fake server as Binance). */

describe('venue failures', () => {
  it('GIVEN EXCHANGES=binance,okx and Binance answering 451 THEN OKX serves, with one operator line and no retry', async () => {
    r = await rig(NOW);
    r.fake.fault('api.binance.com', undefined, { kind: 'status', status: 451 });
    r.fake.fault('fapi.binance.com', undefined, { kind: 'status', status: 451 });
    const market = r.service([r.venue(), r.venue('okx')]);

    const s = await market.snapshot('BTC');
    expect(s.venues, 'only the venue that answered').toEqual(['okx']);
    expect(s.reference.price, "OKX's spot at 12:00 (btc_spot_4h.csv), not Binance's daily open").toBe(86146.59);
    const binance = () => r.fake.requests.filter((q) => q.host !== 'www.okx.com').map((q) => `${q.host}${q.path}`);
    expect(binance().length, 'Binance was asked').toBeGreaterThan(0);
    expect(new Set(binance()).size, 'each Binance endpoint was asked once: a 451 is never retried').toBe(binance().length);
    expect(r.sleep.waits, 'no backoff for a 451').toEqual([]);

    r.clock.set(r.clock.now() + 60_000); // past the cache TTL
    const seen = binance().length;
    await market.snapshot('BTC');
    const rows = await market.history('BTC', 30);
    expect(rows.at(-1)?.spot, 'history from OKX: real 2025-11-30 close').toBe(90360);
    expect(binance().length, 'the restricted venue is set aside').toBe(seen);
    const lines = r.logger.lines.filter((l) => l.msg.includes('451'));
    expect(lines, 'one clear line for the operator').toHaveLength(1);
    expect(lines[0]!.level).toBe('error');
    expect(lines[0]!.msg).toContain('EXCHANGE_PROXY_URL');
  });

  it('GIVEN a venue that hangs THEN each try times out, is retried, and the user gets a clear message', async () => {
    r = await rig(NOW);
    r.fake.fault('fapi.binance.com', '/fapi/v1/premiumIndex', { kind: 'hang' });
    const market = r.service([r.venue('binance', 150)]);
    const err = await market.snapshot('BTC').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MarketUnavailableError);
    expect((err as MarketUnavailableError).userMessage).toBe(
      'Market data is unavailable right now: could not reach binance (timed out). Set EXCHANGES to another venue (e.g. EXCHANGES=okx,bybit) or EXCHANGE_PROXY_URL to a proxy, then try again.',
    );
    expect((err as Error).message, 'no URL or stack in the message').not.toMatch(/http|at /);
    expect(r.fake.count('/fapi/v1/premiumIndex', { symbol: 'BTCUSDT' }), 'three attempts').toBe(3);
    // premiumIndex serves 3 items (perp + 2 quarterlies), each retried twice: base 250 ms then
    // 500 ms, each halved plus up to half again in jitter.
    const waits = [...r.sleep.waits].sort((a, b) => a - b);
    expect(waits, 'two backoffs per item').toHaveLength(6);
    expect(waits.slice(0, 3).every((w) => w >= 125 && w <= 250), 'first backoff within [125, 250] ms').toBe(true);
    expect(waits.slice(3).every((w) => w >= 250 && w <= 500), 'second backoff within [250, 500] ms').toBe(true);
  });

  it('GIVEN an unreachable venue WHEN a snapshot and a history are asked at once THEN the failure is logged once, not per caller', async () => {
    r = await rig(NOW);
    r.fake.fault('api.binance.com', '/api/v3/exchangeInfo', { kind: 'status', status: 503 });
    const market = r.service([r.venue()]);
    const results = await Promise.allSettled([market.snapshot('BTC'), market.history('BTC', 30)]);
    expect(results.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect(r.logger.lines.filter((l) => l.msg.includes('market list failed')), 'one shared load, one log line').toHaveLength(1);
  });

  it('GIVEN a 429 with Retry-After: 7 THEN the retry waits exactly 7 s and succeeds', async () => {
    r = await rig(NOW);
    r.fake.fault('api.binance.com', '/api/v3/ticker/24hr', { kind: 'status', status: 429, retryAfterSeconds: 7, times: 1 });
    const s = await r.service([r.venue()]).snapshot('BTC');
    expect(s.reference.price).toBe(90360.01);
    expect(r.sleep.waits, 'the injected sleep got the Retry-After duration').toEqual([7000]);
    expect(r.fake.count('/api/v3/ticker/24hr')).toBe(2);
  });

  it('GIVEN every venue failing THEN MarketUnavailableError names each venue and the config to change', async () => {
    r = await rig(NOW);
    r.fake.fault('api.binance.com', undefined, { kind: 'status', status: 500 });
    r.fake.fault('fapi.binance.com', undefined, { kind: 'status', status: 503 });
    const err = await r.service([r.venue()]).snapshot('BTC').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MarketUnavailableError);
    const msg = (err as MarketUnavailableError).userMessage;
    expect(msg).toMatch(/^Market data is unavailable right now: could not reach binance \(server error, HTTP 50[03]\)\./);
    expect(msg, 'tells the operator what to change').toContain('EXCHANGES=okx,bybit');
    expect(msg).toContain('EXCHANGE_PROXY_URL');
  });
});
