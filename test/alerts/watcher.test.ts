/**
 * The alert watcher with an injected clock: the live basis and funding are scripted check by
 * check on top of the real daily history; the outbox is drained by the real sender into a fake
 * messenger. A restart is a new watcher and sender on the same store.
 */
import { describe, expect, it } from 'vitest';
import { createAlertWatcher } from '../../bot/alerts/watcher.js';
import { deserializeReply } from '../../bot/delivery/payloads.js';
import { createSender } from '../../bot/delivery/sender.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import type { AlertLevels, Destination, Market, Store } from '../../core/ports.js';
import { createFakeMessenger } from '../scheduler/fakes.js';
import { createFixtureMarket } from '../support/fixtureMarket.js';
import { createTestDeps } from '../support/app.js';

const MINUTE = 60_000;
const START = '2026-01-20T12:00:00Z';
const group: Destination = { platform: 'telegram', chatId: '-1001000000001' };
const trader: Destination = { platform: 'telegram', chatId: '2001' };
const channel: Destination = { platform: 'discord', chatId: '1400000000000000001' };

async function setup(opts: { store?: Store; live?: { basis: number; fundingRate: number } } = {}) {
  const live = opts.live ?? { basis: 0.03, fundingRate: 0.0001 };
  const store = opts.store ?? createMemoryStore();
  const base = await createTestDeps({ now: START, store });
  const fixture = createFixtureMarket(base.clock, { live: () => live });
  const asked: (number | undefined)[] = [];
  const market: Market = {
    knownAssets: fixture.knownAssets,
    history: fixture.history,
    snapshot: (asset, o) => (asked.push(o?.maxAgeMs), fixture.snapshot(asset, o)),
  };
  const deps = { ...base, market };
  const telegram = createFakeMessenger('telegram');
  const discord = createFakeMessenger('discord');
  const boot = () => {
    const sender = createSender({ store, messengers: { telegram, discord }, clock: deps.clock, logger: deps.logger });
    const watcher = createAlertWatcher({ deps, intervalMs: MINUTE, cooldownMinutes: 240, platforms: ['telegram', 'discord'] });
    return { sender, watcher };
  };
  /** One check a minute, each followed by a drain of the outbox. */
  const minutes = async (p: ReturnType<typeof boot>, n: number) => {
    const queued: string[] = [];
    for (let i = 0; i < n; i++) {
      deps.clock.advance(MINUTE);
      queued.push(...(await p.watcher.check()).queued);
      await p.sender.drain();
    }
    return queued;
  };
  return { store, deps, live, asked, fixture, telegram, discord, boot, minutes };
}

const subscribe = (store: Store, dest: Destination, levels: Partial<AlertLevels> = {}) =>
  store.subscriptions.setAlerts(dest, ['BTC'], 0).then(() => store.subscriptions.setAlertLevels(dest, levels, 0));

describe('GIVEN chats watching BTC, with the basis well above the band', () => {
  it('subscribing fires nothing for a state that already holds', async () => {
    const t = await setup();
    await subscribe(t.store, group);
    const p = t.boot();
    expect(await t.minutes(p, 10), 'ten checks of an unchanged market').toEqual([]);
    expect(t.telegram.sends).toEqual([]);
    expect((await t.store.alerts.getState('BTC'))?.kinds.basis?.side, 'but the state is remembered').toBe('positive');
  });

  it('a flip below zero is confirmed after three checks and goes out once, as one alert naming every kind it moved', async () => {
    const t = await setup();
    await subscribe(t.store, group);
    await subscribe(t.store, trader, { band: 'off' });
    await subscribe(t.store, channel, { basis: 'silent', band: 'silent', regime: 'silent', funding: 'silent' });
    const p = t.boot();
    await t.minutes(p, 2);
    t.live.basis = -0.012;
    t.live.fundingRate = -0.00005;
    expect(await t.minutes(p, 2), 'two checks below zero are not yet a flip').toEqual([]);
    const queued = await t.minutes(p, 1);
    expect(queued.sort(), 'the third check confirms: one row per chat').toEqual(['alert:discord:1400000000000000001:BTC#1', 'alert:telegram:-1001000000001:BTC#1', 'alert:telegram:2001:BTC#1']);
    expect(await t.minutes(p, 30), 'and it stays below: nothing more').toEqual([]);

    const [toGroup, ...more] = t.telegram.sends.filter((s) => s.dest.chatId === group.chatId);
    expect(more, 'one message to the group, not a burst').toEqual([]);
    expect(toGroup!.title).toMatch(/^Bitcoin futures flip below spot/);
    const row = await t.store.outbox.get('alert:telegram:-1001000000001:BTC#1');
    const reply = deserializeReply((await t.store.outbox.getPayload(row!.payloads[0]!))!);
    expect(reply.paragraphs.join('\n'), 'the band it left is named too').toMatch(/band/);
    expect(Buffer.from(reply.image!.png.subarray(1, 4)).toString(), 'with the chart').toBe('PNG');
    expect(toGroup!.opts.silent, 'the group has every kind on: with sound').toBe(false);

    const traderRow = await t.store.outbox.get('alert:telegram:2001:BTC#1');
    expect(traderRow!.payloads[0], 'band is off for the trader: a rendering without it').not.toBe(row!.payloads[0]);
    expect(t.discord.sends[0]?.opts.silent, 'every kind it names is silent in the channel').toBe(true);

    const calls = await t.store.calls.list('BTC', 10);
    expect(calls.map((c) => [c.key, c.kind]), 'three chats, two renderings, one published call (/track)').toEqual([['alert:BTC#1', 'alert']]);
    expect(calls[0], 'stated as the alert states it: the note’s label and measured figure, the live basis and spot').toMatchObject({
      label: reply.call!.label,
      confidence: reply.call!.confidence,
      spot: (await t.fixture.snapshot('BTC')).reference.price,
    });
    expect(calls[0]!.basis!, 'the live basis, −1.2%, priced back out of the quarterlies').toBeCloseTo(-0.012, 9);
  });

  it('judges every check on a quote no older than the check interval, read once per asset however many chats watch', async () => {
    const t = await setup();
    for (let i = 0; i < 50; i++) await subscribe(t.store, { platform: 'telegram', chatId: String(3000 + i) });
    const p = t.boot();
    await t.minutes(p, 3);
    expect(t.asked, 'one quote per check for BTC, each asked no older than 60 s').toEqual([MINUTE, MINUTE, MINUTE]);
  });
});

describe('GIVEN a restart', () => {
  it('inside a cool-down: the basis turning back and forth again repeats nothing; after the cool-down it alerts', async () => {
    const t = await setup();
    await subscribe(t.store, group, { regime: 'off', funding: 'off', band: 'off', cross: 'off' });
    let p = t.boot();
    await t.minutes(p, 1);
    t.live.basis = -0.012;
    await t.minutes(p, 3);
    expect(t.telegram.delivered(group.chatId), 'the flip below').toHaveLength(1);

    p = t.boot(); // restart on the same store
    t.live.basis = 0.03;
    await t.minutes(p, 10);
    t.live.basis = -0.012;
    await t.minutes(p, 10);
    expect(t.telegram.delivered(group.chatId), 'back above and below again within 4 hours: neither direction alerts').toHaveLength(1);

    t.deps.clock.advance(240 * MINUTE);
    t.live.basis = 0.03;
    await t.minutes(p, 3);
    expect(t.telegram.delivered(group.chatId), 'after the cool-down the next flip alerts').toHaveLength(2);
  });

  it('a flip while the bot was down is alerted once after the restart', async () => {
    const store = createMemoryStore();
    const t = await setup({ store });
    await subscribe(store, group, { regime: 'off', funding: 'off', cross: 'off' });
    await t.minutes(t.boot(), 2); // the state: above the band
    t.live.basis = -0.012; // flips while down for two hours
    t.deps.clock.advance(120 * MINUTE);
    const p = t.boot();
    const queued = await t.minutes(p, 5);
    expect(queued, 'confirmed after the restart, once').toEqual(['alert:telegram:-1001000000001:BTC#1']);
    expect(t.telegram.delivered(group.chatId)).toHaveLength(1);
  });

  it('a check interrupted after queueing is re-run from the old state and queues nothing twice', async () => {
    const t = await setup();
    await subscribe(t.store, group);
    const p = t.boot();
    await t.minutes(p, 1);
    const before = await t.store.alerts.getState('BTC');
    t.live.basis = -0.012;
    await t.minutes(p, 3);
    await t.store.alerts.putState('BTC', before!, t.deps.clock.now()); // as if the state write never happened
    await t.store.alerts.markAlerted([], t.deps.clock.now());
    const again = await t.minutes(p, 3);
    expect(again, 'the same seq: the outbox already has those keys').toEqual([]);
    expect(t.telegram.delivered(group.chatId)).toHaveLength(1);
  });
});

describe('GIVEN two watchers on one store (two leaders overlapping for a moment)', () => {
  it('each alert is queued once per chat: both derive the same keys from the same state', async () => {
    const t = await setup();
    await subscribe(t.store, group);
    await subscribe(t.store, trader);
    const a = t.boot();
    const b = t.boot();
    await t.minutes(a, 1);
    t.live.basis = -0.012;
    const queued: string[] = [];
    for (let i = 0; i < 3; i++) {
      t.deps.clock.advance(MINUTE);
      const [ra, rb] = await Promise.all([a.watcher.check(), b.watcher.check()]);
      queued.push(...ra.queued, ...rb.queued);
      await Promise.all([a.sender.drain(), b.sender.drain()]);
    }
    expect(queued.sort(), 'one row per chat between them').toEqual(['alert:telegram:-1001000000001:BTC#1', 'alert:telegram:2001:BTC#1']);
    expect(t.telegram.delivered(group.chatId), 'and one message').toHaveLength(1);
    expect(t.telegram.delivered(trader.chatId)).toHaveLength(1);
  });
});

describe('GIVEN an alert that cannot go out in time', () => {
  it('is recorded stale, not sent, once 30 minutes have passed since its transition', async () => {
    const t = await setup();
    await subscribe(t.store, group);
    const p = t.boot();
    await t.minutes(p, 1);
    t.telegram.script(group.chatId, ...Array(20).fill({ ok: false, kind: 'retry', detail: '502: Bad Gateway' }));
    t.live.basis = -0.012;
    expect(await t.minutes(p, 3), 'confirmed and queued').toEqual(['alert:telegram:-1001000000001:BTC#1']);
    const key = 'alert:telegram:-1001000000001:BTC#1';
    expect((await t.store.outbox.get(key))?.attempts, 'the first attempt failed: it waits in the row').toBe(1);
    for (let m = 1; m <= 40; m++) await p.sender.drain(t.deps.clock.now() + m * MINUTE);
    const row = await t.store.outbox.get(key);
    expect(row?.status, 'past its window it is stale').toBe('stale');
    expect(row?.detail).toMatch(/^stale/);
    expect(t.telegram.delivered(group.chatId), 'and never sent').toEqual([]);
  });
});
