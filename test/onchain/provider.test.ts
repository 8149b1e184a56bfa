/**
 * The Coin Metrics provider against the fake API (test/fakes/fakeCoinMetrics.ts) through its base
 * URL, as the bot runs it: real fetch, real paging, the in-memory store. The series are
 * test/fakes/coinmetrics/data.ts: BTC inflows cycling 21,000 … 30,000 coins a day, exchange supply
 * 2,650,000 BTC, USD at the real Binance closes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OnChainUnavailableError } from '../../core/errors.js';
import { flowRows } from '../fakes/coinmetrics/data.js';
import { startFakeCoinMetrics, type FakeCoinMetrics } from '../fakes/fakeCoinMetrics.js';
import { harness, type Harness, type HarnessOptions } from './harness.js';

/** 2026-02-10 was published at 02:00 on the 11th. */
const NOW = '2026-02-11T09:00:00Z';
const HOUR = 3_600_000;

let fake: FakeCoinMetrics;
let h: Harness;
const start = (opts: Partial<HarnessOptions> = {}) => (h = harness(fake, { now: NOW, ...opts }));
/** Moves the bot's clock and the fake's publication clock together. */
const at = (iso: string) => {
  h.clock.set(iso);
  fake.now = Date.parse(iso);
};
const q = (i: number) => fake.requests[i]!.query;

beforeEach(async () => {
  fake = await startFakeCoinMetrics(Date.parse(NOW));
  fake.setRows('btc', flowRows('2023-06-01', '2026-02-11'));
});
afterEach(() => fake.close());

describe('GIVEN an empty store', () => {
  it('WHEN first asked THEN it backfills the history length in one request carrying every metric, oldest first', async () => {
    start();
    const s = await h.provider.exchangeSeries('BTC');
    expect(fake.count(), 'one request per asset per refresh').toBe(1);
    expect(Object.fromEntries(q(0)), 'all five metrics in one call, paged from the start').toEqual({
      assets: 'btc',
      metrics: 'FlowInExNtv,FlowOutExNtv,FlowInExUSD,FlowOutExUSD,SplyExNtv',
      frequency: '1d',
      start_time: '2024-02-12', // 730 days ending with the last complete day, 2026-02-10
      page_size: '10000',
      paging_from: 'start',
    });
    expect(s.days, 'two years of days; 2026-02-11 is not published before 02:00 on the 12th').toHaveLength(730);
    expect(s.days[0]!.day).toBe('2024-02-12');
    // 2026-02-10 is day 20,494 since 1970: inflow 21,000 + 1,000 × 4; net cycle step 7 = +600.
    // USD at the real close of 68,841.29: 25,000 × 68,841.29 and 24,400 × 68,841.29.
    expect(s.days.at(-1), 'string numbers become numbers').toEqual({
      day: '2026-02-10',
      flowInNtv: 25_000,
      flowOutNtv: 24_400,
      flowInUsd: 1_721_032_250,
      flowOutUsd: 1_679_727_476,
      supplyNtv: 2_650_000,
    });
    expect(s.notServed, 'every metric is served').toEqual([]);
    expect(await h.store.history.loadHistory('coinmetrics', 'BTC', '2000-01-01'), 'kept in the store under its own source').toHaveLength(730 * 5);
    expect(await h.store.history.loadHistory('binance', 'BTC', '2000-01-01'), 'venue history is untouched').toHaveLength(0);
  });

  it('follows next_page_url page by page when the server pages, and the result is the same', async () => {
    fake.maxPageSize = 100;
    start();
    const s = await h.provider.exchangeSeries('BTC');
    expect(fake.count(), '730 days at 100 a page').toBe(8);
    expect(fake.requests.slice(1).every((r) => r.query.has('next_page_token')), 'pages after the first follow the token').toBe(true);
    expect(s.days.map((d) => d.day), 'no day lost or doubled across pages').toEqual([...new Set(s.days.map((d) => d.day))].sort());
    expect(s.days).toHaveLength(730);
  });

  it('waits for the rate-limit window to reopen instead of being refused, when paging needs more than 10 requests', async () => {
    fake.maxPageSize = 50;
    start();
    const s = await h.provider.exchangeSeries('BTC');
    expect(fake.count(), '15 pages and no refused request').toBe(15);
    expect(h.waits, 'after the 10th request in 6 s (X-RateLimit-Remaining 0) it waits X-RateLimit-Reset').toEqual([6_000]);
    expect(s.days).toHaveLength(730);
  });
});

describe('GIVEN a stored series', () => {
  it('serves every concurrent caller from one refresh, and refreshes at most every three hours', async () => {
    start();
    const all = await Promise.all(Array.from({ length: 50 }, () => h.provider.exchangeSeries('BTC')));
    expect(fake.count(), '50 concurrent callers share one request').toBe(1);
    expect(new Set(all).size, 'the same answer for all').toBe(1);
    h.clock.advance(3 * HOUR - 1);
    await h.provider.exchangeSeries('BTC');
    expect(fake.count(), 'within three hours nothing is asked').toBe(1);
    h.clock.advance(1);
    await h.provider.exchangeSeries('BTC');
    expect(fake.count()).toBe(2);
    expect(q(1).get('start_time'), 'a top-up asks only for the last seven days').toBe('2026-02-04');
  });

  it('re-fetches the last seven days each day, taking Coin Metrics’ revisions, and a restart does not refetch the whole series', async () => {
    start();
    await h.provider.exchangeSeries('BTC');
    // A day later 2026-02-11 is published, and 2026-02-05's inflow has been revised (labels changed).
    fake.setRows('btc', flowRows('2023-06-01', '2026-02-11', new Map([['2026-02-05', { inflow: 31_000 }]])));
    at('2026-02-12T09:00:00Z');
    const s = await h.provider.exchangeSeries('BTC');
    expect(q(1).get('start_time'), 'six days before the last stored day, 2026-02-10').toBe('2026-02-04');
    expect(s.days.at(-1)!.day, 'the new day arrived').toBe('2026-02-11');
    expect(s.days.find((d) => d.day === '2026-02-05')!.flowInNtv, 'the revised value replaced the stored one').toBe(31_000);
    expect(s.days, 'the window is the history length, ending with the new day').toHaveLength(730);

    const restarted = h.restart();
    await restarted.exchangeSeries('BTC');
    expect(fake.count()).toBe(3);
    expect(q(2).get('start_time'), 'after a restart the store says what is there: only the revised window is asked for').toBe('2026-02-05');
  });

  it('keeps a null (not computed yet) and an absent metric (not published for the asset) out of the store, and says which are not served', async () => {
    // ETH without USD series, and its last day's supply not computed yet.
    const rows = flowRows('2023-06-01', '2026-02-10', new Map(), 'eth').map((r) => {
      const { FlowInExUSD: _in, FlowOutExUSD: _out, ...values } = r.values;
      return { day: r.day, values: r.day === '2026-02-10' ? { ...values, SplyExNtv: null } : values };
    });
    fake.setRows('eth', rows);
    start();
    const s = await h.provider.exchangeSeries('ETH');
    expect(s.notServed, 'absent keys mean the metric is not published for ETH').toEqual([
      { metric: 'flowInUsd', why: 'unsupported' },
      { metric: 'flowOutUsd', why: 'unsupported' },
    ]);
    expect(s.days.at(-1), 'null is no value, never zero').toEqual({ day: '2026-02-10', flowInNtv: 375_000, flowOutNtv: 366_000, flowInUsd: null, flowOutUsd: null, supplyNtv: null });
    expect(s.days.at(-2)!.supplyNtv, 'BTC’s 2,650,000 × 6.4: ETH supply in the millions').toBe(16_960_000);
    const stored = await h.store.history.loadHistory('coinmetrics', 'ETH', '2000-01-01');
    expect(stored.some((p) => p.series === 'flow_in_usd'), 'nothing is stored for an absent metric').toBe(false);
    expect(stored.some((p) => p.series === 'supply_ex_ntv' && p.day === '2026-02-10'), 'nor for a null').toBe(false);
  });
});

describe('faults', () => {
  it('GIVEN a 403 for one metric THEN it asks again without it, leaves that reading out and logs once which metric', async () => {
    fake.forbid('SplyExNtv');
    start();
    const s = await h.provider.exchangeSeries('BTC');
    expect(fake.count(), 'one refused request, then one without the metric').toBe(2);
    expect(q(1).get('metrics')).toBe('FlowInExNtv,FlowOutExNtv,FlowInExUSD,FlowOutExUSD');
    expect(s.notServed).toEqual([{ metric: 'supplyNtv', why: 'forbidden' }]);
    expect(s.days.at(-1)!.flowInNtv, 'the flows still arrive').toBe(25_000);
    h.clock.advance(3 * HOUR);
    await h.provider.exchangeSeries('BTC');
    expect(fake.count(), 'the next refresh no longer asks for it').toBe(3);
    const logged = h.logger.entries.filter((e) => e.msg.includes('SplyExNtv'));
    expect(logged, 'logged once, naming the metric').toHaveLength(1);
    expect(logged[0]!.level).toBe('warn');
  });

  it('GIVEN a 429 THEN it waits X-RateLimit-Reset seconds and tries again', async () => {
    fake.fault({ kind: 'status', status: 429, resetSeconds: 3, times: 1 });
    start();
    const s = await h.provider.exchangeSeries('BTC');
    expect(h.waits, 'the reset the server named, not a guess').toEqual([3_000]);
    expect(fake.count()).toBe(2);
    expect(s.days).toHaveLength(730);
  });

  it('GIVEN 500s THEN it retries with capped backoff, and a page in the middle is retried on its own', async () => {
    fake.maxPageSize = 400;
    fake.fault({ kind: 'status', status: 500, times: 2, page: 'next' });
    start();
    const s = await h.provider.exchangeSeries('BTC');
    // Backoff 1 s doubling (capped at 15 s), half of it fixed and half jitter (here 0.5): 0.75 s, 1.5 s.
    expect(h.waits).toEqual([750, 1_500]);
    expect(fake.count(), 'page 1, page 2 three times').toBe(4);
    expect(s.days).toHaveLength(730);
  });

  it('GIVEN a server that keeps failing THEN the reading is unavailable, logged once, and not asked again for ten minutes', async () => {
    fake.fault({ kind: 'status', status: 500 });
    start();
    const err = await h.provider.exchangeSeries('BTC').catch((e: unknown) => e);
    expect(err, 'the note will say Coin Metrics did not answer').toEqual(new OnChainUnavailableError('Coin Metrics', 'did not answer'));
    expect(fake.count(), 'four attempts').toBe(4);
    expect(h.waits).toEqual([750, 1_500, 3_000]);
    await expect(h.provider.exchangeSeries('BTC')).rejects.toThrow(OnChainUnavailableError);
    expect(fake.count(), 'a failure is not retried by every command').toBe(4);
    h.clock.advance(10 * 60_000);
    await expect(h.provider.exchangeSeries('BTC')).rejects.toThrow(OnChainUnavailableError);
    expect(fake.count(), 'ten minutes later it tries again').toBe(8);
    const warns = h.logger.entries.filter((e) => e.level === 'warn');
    expect(warns, 'one line per outage, with the status').toHaveLength(1);
    expect(warns[0]!.fields).toMatchObject({ asset: 'BTC', status: 500, type: 'internal_server_error' });
  });

  it('GIVEN an asset Coin Metrics does not know (400) THEN it says so at once, without retrying', async () => {
    start();
    const err = await h.provider.exchangeSeries('SOL').catch((e: unknown) => e);
    expect(err).toEqual(new OnChainUnavailableError('Coin Metrics', 'has no exchange data for SOL'));
    expect(fake.count(), 'a 400 is not retried').toBe(1);
  });

  it('GIVEN a slow server THEN a timed-out request is retried; one that never answers makes the reading unavailable', async () => {
    fake.fault({ kind: 'slow', ms: 1_000, times: 1 });
    start({ timeoutMs: 200 });
    expect((await h.provider.exchangeSeries('BTC')).days).toHaveLength(730);
    expect(fake.count(), 'timed out once, then answered').toBe(2);

    fake.fault({ kind: 'hang' });
    h.clock.advance(3 * HOUR);
    // The stored series still serves (core judges it stale once it is over two days old).
    const s = await h.provider.exchangeSeries('BTC');
    expect(fake.count(), 'four timed-out attempts').toBe(6);
    expect(s.days.at(-1)!.day, 'what is stored, as of its own day').toBe('2026-02-10');
    expect(h.logger.entries.filter((e) => e.level === 'warn').map((e) => e.fields?.['error'])).toEqual(['timeout']);
  });

  it('GIVEN an API key THEN every page carries it, and no log or error shows it', async () => {
    const key = 'cm-pro-key-0123456789';
    fake.maxPageSize = 500;
    fake.fault({ kind: 'status', status: 400, message: "Bad parameter 'start_time'.", times: 1, page: 'first' });
    start({ apiKey: key });
    const err = await h.provider.exchangeSeries('BTC').catch((e: unknown) => e);
    expect(String(err)).not.toContain(key);
    h.clock.advance(10 * 60_000);
    await h.provider.exchangeSeries('BTC');
    expect(fake.requests.map((r) => r.query.get('api_key')), 'the paid host wants the key on every request, next pages included').toEqual([key, key, key]);
    expect(JSON.stringify(h.logger.entries), 'the key never reaches a log line').not.toContain(key);
  });
});
