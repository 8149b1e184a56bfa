/**
 * GET /metrics after real activity through the real adapters on the fakes: a Telegram command, a
 * brief for a Telegram chat and a Discord channel delivered through the outbox (each first answered
 * 429 by its fake), and an exchange outage. The scrape shows each event under the right labels, the
 * gauges read at scrape time, and prom-client's default process metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IDS } from '../fakes/discord/payloads.js';
import { NOW, startStack, type Stack } from './stack.js';

let stack: Stack;
let scrape: { status: number; type: string | null; text: string };

/** `name{labels} value` lines of the exposition, by series. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

const TELEGRAM_CHAT = 4343;

beforeAll(async () => {
  stack = await startStack();
  const { telegram, discord, store, scheduler, sender, exchange } = stack;

  // A command in a private chat.
  await telegram.handled(telegram.postText({ chat: { id: 4242, type: 'private' }, from: { id: 4242, first_name: 'Ann' }, text: '/basis' }));

  // A brief due now in a Telegram chat and a Discord channel; each platform first answers 429.
  for (const destination of [
    { platform: 'telegram' as const, chatId: String(TELEGRAM_CHAT) },
    { platform: 'discord' as const, chatId: DEFAULT_IDS.channelId },
  ]) {
    await store.subscriptions.setBrief({ destination, time: '12:00', timezone: 'UTC', assets: ['BTC'], createdAt: NOW - 86_400_000 });
  }
  telegram.failNext('sendPhoto', { code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
  discord.fail('POST', /^\/channels\/\d+\/messages$/, { status: 429, retryAfter: 0.1 });
  await scheduler.tick();
  const first = await sender.drain();
  expect(first.retrying, 'Telegram does not retry by itself: the row waits out retry_after').toHaveLength(1);
  expect(first.sent, 'discord.js waits out a 429 by itself').toHaveLength(1);
  exchange.now += 60_000;
  expect((await sender.drain()).sent, 'the Telegram brief goes out on the next attempt').toHaveLength(1);

  // The venue's futures API fails: ETH cannot be quoted.
  exchange.fault('fapi.binance.com', undefined, { kind: 'status', status: 500 });
  await telegram.handled(telegram.postText({ chat: { id: 4242, type: 'private' }, from: { id: 4242, first_name: 'Ann' }, text: '/basis ETH' }));
  exchange.clearFaults();

  scrape = await stack.get('/metrics');
}, 60_000);

afterAll(() => stack?.stop());

describe('/metrics', () => {
  it('is the Prometheus text format', () => {
    expect(scrape.status).toBe(200);
    expect(scrape.type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts commands by name and outcome', () => {
    const s = samples(scrape.text);
    expect(s.get('basisbot_commands_total{command="basis",outcome="ok"}')).toBe(1);
    expect(s.get('basisbot_commands_total{command="basis",outcome="unavailable"}'), 'the exchange outage').toBe(1);
  });

  it('counts deliveries by platform, kind and outcome, and 429s by platform', () => {
    const s = samples(scrape.text);
    expect(s.get('basisbot_deliveries_total{platform="telegram",kind="brief",outcome="retrying"}')).toBe(1);
    expect(s.get('basisbot_deliveries_total{platform="telegram",kind="brief",outcome="sent"}')).toBe(1);
    expect(s.get('basisbot_deliveries_total{platform="discord",kind="brief",outcome="sent"}')).toBe(1);
    expect(s.get('basisbot_rate_limited_total{platform="telegram"}'), 'the 429 on sendPhoto').toBe(1);
    expect(s.get('basisbot_rate_limited_total{platform="discord"}'), 'the 429 discord.js waited out, which nothing else sees').toBe(1);
  });

  it('counts exchange errors by venue and kind', () => {
    const s = samples(scrape.text);
    expect(s.get('basisbot_exchange_errors_total{venue="binance",kind="retryable"}'), 'the failed quote, after its retries').toBeGreaterThanOrEqual(1);
  });

  it('reports market-data age by asset, the outbox and leadership at scrape time', () => {
    const s = samples(scrape.text);
    expect(s.get('basisbot_market_data_age_seconds{asset="BTC"}'), 'BTC was read a minute (of the market clock) ago').toBe(60);
    expect(s.has('basisbot_market_data_age_seconds{asset="ETH"}'), 'ETH was never read').toBe(false);
    expect(s.get('basisbot_outbox_rows{status="sent"}'), 'both briefs').toBe(2);
    expect(s.get('basisbot_outbox_rows{status="pending"}'), 'the queue is empty').toBe(0);
    expect(s.get('basisbot_outbox_oldest_due_age_seconds'), 'nothing is waiting').toBe(0);
    expect(s.get('basisbot_leader'), 'a single instance leads itself').toBe(1);
  });

  it('includes the default process metrics: event-loop lag and memory', () => {
    const s = samples(scrape.text);
    expect(s.get('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(s.get('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });

  it('names every bot metric by the Prometheus conventions: basisbot_ prefix, counters ending in _total', () => {
    const types = [...scrape.text.matchAll(/^# TYPE (basisbot_\w+) (\w+)$/gm)].map((m) => ({ name: m[1]!, type: m[2]! }));
    expect(types.map((t) => t.name).sort()).toEqual([
      'basisbot_commands_total',
      'basisbot_deliveries_total',
      'basisbot_exchange_errors_total',
      'basisbot_leader',
      'basisbot_market_data_age_seconds',
      'basisbot_outbox_oldest_due_age_seconds',
      'basisbot_outbox_rows',
      'basisbot_rate_limited_total',
    ]);
    for (const t of types) expect(t.name.endsWith('_total'), `${t.name} is a ${t.type}`).toBe(t.type === 'counter');
  });

  it('reports how long the oldest due row has waited when the sender falls behind', async () => {
    await stack.store.subscriptions.setBrief({
      destination: { platform: 'telegram', chatId: '4444' },
      time: '12:01',
      timezone: 'UTC',
      assets: ['BTC'],
      createdAt: NOW,
    });
    await stack.scheduler.tick(); // queued at 12:01, nobody sends it
    stack.exchange.now += 90_000;
    const s = samples((await stack.get('/metrics')).text);
    expect(s.get('basisbot_outbox_rows{status="pending"}')).toBe(1);
    expect(s.get('basisbot_outbox_oldest_due_age_seconds'), '90 s past 12:01').toBe(90);
  });
});

describe('basisbot_leader', () => {
  it('follows the leader lease, read at each scrape, or whatever setLeader said last', async () => {
    const { createPromMetrics } = await import('../../bot/observability/metrics.js');
    const { createMemoryLogger } = await import('../../bot/logger.js');
    const metrics = createPromMetrics({ now: () => NOW, logger: createMemoryLogger(), processMetrics: false });
    const leader = async () => samples(await metrics.scrape()).get('basisbot_leader');
    expect(await leader(), 'without a lease this instance leads itself').toBe(1);
    let leads = false;
    metrics.leaderFrom(() => leads);
    expect(await leader(), 'a follower').toBe(0);
    expect(metrics.isLeader(), '/healthz says the same').toBe(false);
    leads = true;
    expect(await leader(), 'took over the lease').toBe(1);
    metrics.setLeader(false);
    expect(await leader()).toBe(0);
  });
});
