/** The composition root wires the Coin Metrics provider from the config, as `npm start` does. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDeps } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { flipRows } from '../fakes/coinmetrics/scenario.js';
import { startFakeCoinMetrics, type FakeCoinMetrics } from '../fakes/fakeCoinMetrics.js';

const NOW = Date.parse('2026-02-11T09:00:00Z');
let fake: FakeCoinMetrics;
beforeEach(async () => {
  fake = await startFakeCoinMetrics(NOW);
  fake.setRows('btc', flipRows());
});
afterEach(() => fake.close());

const deps = (env: Record<string, string>) => buildDeps(loadConfig({ DATABASE_URL: 'memory:', ...env }), createMemoryLogger(), { now: () => NOW });

describe('bot/app.ts', () => {
  it('GIVEN no ONCHAIN_PROVIDER THEN the commands get no on-chain provider', async () => {
    const d = await deps({ COINMETRICS_API_BASE: fake.base });
    expect(d.onChain).toBeUndefined();
    await d.store.close();
  });

  it('GIVEN ONCHAIN_PROVIDER=coinmetrics THEN CommandDeps.onChain reads Coin Metrics at COINMETRICS_API_BASE, key-less, under the community licence', async () => {
    const d = await deps({ ONCHAIN_PROVIDER: 'coinmetrics', COINMETRICS_API_BASE: fake.base });
    expect(d.onChain?.attribution).toBe('Coin Metrics community data: CC BY-NC 4.0');
    const s = await d.onChain!.exchangeSeries('BTC');
    expect(s.days.at(-1)?.day).toBe('2026-02-10');
    expect(fake.requests.map((r) => r.query.has('api_key')), 'the community host takes no key').toEqual([false]);
    await d.store.close();
  });

  it('GIVEN COINMETRICS_API_KEY THEN every request carries it and no community licence is claimed', async () => {
    const d = await deps({ ONCHAIN_PROVIDER: 'coinmetrics', COINMETRICS_API_BASE: fake.base, COINMETRICS_API_KEY: 'cm-pro-0123456789' });
    await d.onChain!.exchangeSeries('BTC');
    expect(fake.requests.map((r) => r.query.get('api_key'))).toEqual(['cm-pro-0123456789']);
    expect(d.onChain?.attribution, 'a Pro key comes with its own licence').toBeNull();
    await d.store.close();
  });
});
