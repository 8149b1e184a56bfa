/**
 * GET /healthz on HEALTH_PORT, against the real adapters on the fakes: 200 while every part is
 * alive, and 503 naming the part that is not — Telegram's polling, Discord's gateway, the store,
 * the market data — so a supervisor's health check (Docker's HEALTHCHECK) and an operator see which.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MARKET_AGE_MS, startStack, type Stack } from './stack.js';

let stack: Stack | null = null;
afterEach(async () => {
  await stack?.stop();
  stack = null;
});

async function healthz(s: Stack) {
  const res = await s.get('/healthz');
  return { status: res.status, type: res.type, body: JSON.parse(res.text) };
}

/** The adapters notice a lost connection on their own schedule (a failed poll, a closed socket). */
async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('/healthz', () => {
  it('answers 200 with every part ok when the platforms are connected, the store answers and market data is fresh', async () => {
    stack = await startStack();
    const h = await healthz(stack);
    expect(h.status, JSON.stringify(h.body)).toBe(200);
    expect(h.type).toMatch(/^application\/json/);
    expect(h.body.status).toBe('ok');
    expect(h.body.leader, 'a single instance leads itself').toBe(true);
    expect(Object.keys(h.body.parts), 'one part per platform served, the store and the market').toEqual(['telegram', 'discord', 'store', 'market']);
    expect(h.body.parts.telegram).toEqual({ ok: true, detail: 'polling' });
    expect(h.body.parts.discord.detail).toMatch(/^gateway ready(, ping \d+ ms)?$/);
    expect(h.body.parts.store).toEqual({ ok: true, detail: 'answers; 0 pending outbox rows' });
    expect(h.body.parts.market, 'nothing was read yet, so the check read BTC itself').toEqual({ ok: true, detail: 'BTC read 0 s ago' });
  });

  it('answers 503 naming telegram when the Bot API stops answering polls', async () => {
    stack = await startStack();
    expect((await healthz(stack)).status).toBe(200);
    await stack.telegram.close();
    const h = await until(() => healthz(stack!), (x) => x.status !== 200, 'a failed poll');
    expect(h.status).toBe(503);
    expect(h.body.failing, 'only Telegram is down').toEqual(['telegram']);
    expect(h.body.parts.telegram.ok).toBe(false);
    expect(h.body.parts.telegram.detail).toMatch(/^polling failed: /);
  });

  it('answers 503 naming discord when the gateway closes', async () => {
    stack = await startStack();
    expect((await healthz(stack)).status).toBe(200);
    await stack.discord.gateway.close();
    const h = await until(() => healthz(stack!), (x) => x.status !== 200, 'the gateway to drop');
    expect(h.status).toBe(503);
    expect(h.body.failing, 'only Discord is down').toEqual(['discord']);
    expect(h.body.parts.discord.detail, 'names the shard and its state').toMatch(/^gateway shard 0 \w+$/);
  });

  it('answers 503 naming the store when it fails', async () => {
    stack = await startStack();
    expect((await healthz(stack)).status).toBe(200);
    await stack.store.close(); // every query now fails, as with a database that went away
    const h = await healthz(stack);
    expect(h.status).toBe(503);
    expect(h.body.failing, 'the market data is still fresh: only the store fails').toEqual(['store']);
    expect(h.body.parts.store.detail).toMatch(/destroyed|not open/i);
  });

  it('answers 503 naming the market when its data is older than the limit and the venue fails', async () => {
    stack = await startStack();
    expect((await healthz(stack)).status, 'reads BTC').toBe(200);

    stack.exchange.now += MAX_MARKET_AGE_MS - 1_000;
    expect((await healthz(stack)).body.parts.market, 'within the limit, the last read is enough').toEqual({ ok: true, detail: 'BTC read 299 s ago' });

    stack.exchange.fault('api.binance.com', undefined, { kind: 'status', status: 500 });
    stack.exchange.fault('fapi.binance.com', undefined, { kind: 'status', status: 500 });
    stack.exchange.now += 2_000;
    const h = await healthz(stack);
    expect(h.status).toBe(503);
    expect(h.body.failing).toEqual(['market']);
    expect(h.body.parts.market.detail).toBe('cannot read BTC: market data unavailable: binance: server error, HTTP 500; last data: BTC read 301 s ago');

    stack.exchange.clearFaults();
    const back = await healthz(stack);
    expect(back.status, 'the venue answers again: fresh data, healthy').toBe(200);
  });

  it('serves nothing but /healthz and /metrics', async () => {
    stack = await startStack();
    expect((await stack.get('/')).status).toBe(404);
    expect((await stack.get('/healthz?verbose=1')).status, 'a query string is ignored').toBe(200);
    const post = await fetch(`http://127.0.0.1:${stack.observability.server.port}/healthz`, { method: 'POST' });
    expect(post.status, 'read-only').toBe(405);
  });
});
