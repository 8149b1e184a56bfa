/**
 * Flip alerts end to end, with the real telegraf and discord.js against the fake Bot API and the
 * fake Discord: a group admin and a Discord member subscribe and set levels with the real commands,
 * the real watcher judges a scripted live market (on the real daily history) on an injected clock,
 * and the real sender delivers through both adapters' messengers. What reached each chat is read
 * from the fakes' ledgers, never from the bot's own account of it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlertWatcher, type AlertWatcher } from '../../bot/alerts/watcher.js';
import { createSender, type Sender } from '../../bot/delivery/sender.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../bot/discord/client.js';
import { createTelegramAdapter, type TelegramAdapter } from '../../bot/telegram/client.js';
import { scaledLimits } from '../../bot/telegram/pacer.js';
import { registry } from '../../commands/registry.js';
import type { Destination } from '../../core/ports.js';
import { FakeDiscord, PERMISSIONS, SUPPRESS_NOTIFICATIONS } from '../fakes/fakeDiscord.js';
import type { InteractionSpec } from '../fakes/discord/interactions.js';
import { FakeTelegram, type ChatSpec } from '../fakes/fakeTelegram.js';
import { parseTelegramHtml } from '../fakes/telegram/html.js';
import { createTestDeps } from '../support/app.js';
import { createFixtureMarket } from '../support/fixtureMarket.js';

const MINUTE = 60_000;
const START = '2026-01-20T12:00:00Z'; // the real history has the basis well above the 0%–2% band here
const FACTOR = 100; // the fake's limits and the adapter's pacing, both 100× Telegram's: nothing waits a second
const DISCORD_TOKEN = 'MTIwMDAwMDAwMDAwMDAwMDAwMQ.fake.alerts-e2e-token';

const GROUP: ChatSpec = { id: -1001900000000001, type: 'supergroup', title: 'Basis desk' };
const ADMIN = { id: 900001, first_name: 'Ada' };
const LOUD_CHANNEL = '1200000000000000200'; // every kind on
const QUIET_CHANNEL = '1200000000000000201'; // every kind set silent with /alerts
const dest = (platform: 'telegram' | 'discord', chatId: string | number): Destination => ({ platform, chatId: String(chatId) });

let telegram: FakeTelegram;
let discord: FakeDiscord;
let tg: TelegramAdapter;
let dc: DiscordAdapter;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let watcher: AlertWatcher;
let sender: Sender;
const live = { basis: 0.03, fundingRate: 0.0001 }; // +3% basis, +11% APR funding: above the band, funding positive

beforeAll(async () => {
  telegram = await FakeTelegram.start({ limits: { factor: FACTOR } });
  telegram.setMember(GROUP.id, ADMIN.id, 'administrator');
  discord = await FakeDiscord.start();
  const base = await createTestDeps({ now: START });
  deps = { ...base, market: createFixtureMarket(base.clock, { live: () => live }) };
  tg = createTelegramAdapter({ token: telegram.token, apiRoot: telegram.apiRoot, registry, deps, logger: deps.logger, limits: scaledLimits(FACTOR) });
  dc = createDiscordAdapter({ token: DISCORD_TOKEN, apiBase: discord.apiBase, registry, deps, logger: deps.logger });
  await Promise.all([tg.start(), dc.start()]);
  // Wired as bot/main.ts wires them, but driven by the test's clock: check() and drain(), never a timer.
  watcher = createAlertWatcher({ deps, intervalMs: MINUTE, cooldownMinutes: 240, platforms: ['telegram', 'discord'] });
  sender = createSender({ store: deps.store, messengers: { telegram: tg.messenger, discord: dc.messenger }, clock: deps.clock, logger: deps.logger });
});

afterEach(() => {
  const logs = JSON.stringify(deps.logger.entries);
  expect(logs, 'no log line carries the Telegram token').not.toContain(telegram.token.split(':')[1]);
  expect(logs, 'no log line carries the Discord token').not.toContain(DISCORD_TOKEN);
});

afterAll(async () => {
  await tg?.stop();
  await dc?.stop();
  await telegram?.close();
  await discord?.close();
});

/** A user types in the Telegram group; resolves once the bot has answered. */
async function say(text: string): Promise<string> {
  const mark = telegram.calls.length;
  await telegram.handled(telegram.postText({ chat: GROUP, from: ADMIN, text }));
  return telegram.calls
    .slice(mark)
    .filter((c) => c.method === 'sendMessage')
    .map((c) => parseTelegramHtml(String(c.params['text'])))
    .join('\n');
}

/** A slash command in a Discord channel; resolves once its answer is final. */
async function slash(spec: InteractionSpec): Promise<void> {
  const payload = discord.sendCommand(spec);
  const deferred = registry.find((c) => c.name === spec.command)?.touchesNetwork ?? false;
  await discord.waitFor((r) => r.path.includes(payload.token) && (deferred ? r.method === 'PATCH' : r.path.endsWith('/callback')));
}

/** `n` checks a minute apart, each followed by a drain of the outbox; returns the rows queued. */
async function minutes(n: number): Promise<string[]> {
  const queued: string[] = [];
  for (let i = 0; i < n; i++) {
    deps.clock.advance(MINUTE);
    const report = await watcher.check();
    expect(report.failed, 'every check could read the market').toEqual({});
    queued.push(...report.queued);
    await sender.drain();
  }
  return queued;
}

/** The chats a list of outbox keys is for (`alert:telegram:-100…:BTC#3` → `telegram:-100…`), sorted. */
const chatsOf = (keys: string[]) => keys.map((k) => k.split(':').slice(1, 3).join(':')).sort();
const ALL_THREE = [`discord:${LOUD_CHANNEL}`, `discord:${QUIET_CHANNEL}`, `telegram:${GROUP.id}`];

/** The kinds an alert row names, from its payload key (`alert:BTC#1:basis+band`). */
async function kindsOf(key: string): Promise<string[]> {
  const row = await deps.store.outbox.get(key);
  return row!.payloads[0]!.split(':').at(-1)!.split('+');
}

/** What reached the group and each channel after `mark`, as the fakes booked it. */
function since(mark: { group: number; loud: number; quiet: number }) {
  return {
    group: telegram.ledger.chat(GROUP.id).accepted.slice(mark.group),
    loud: discord.ledger.channel(LOUD_CHANNEL).accepted.slice(mark.loud),
    quiet: discord.ledger.channel(QUIET_CHANNEL).accepted.slice(mark.quiet),
  };
}
const markNow = () => ({
  group: telegram.ledger.chat(GROUP.id).accepted.length,
  loud: discord.ledger.channel(LOUD_CHANNEL).accepted.length,
  quiet: discord.ledger.channel(QUIET_CHANNEL).accepted.length,
});

describe('GIVEN a Telegram group and two Discord channels subscribed with the real commands', () => {
  it('the group admin turns alerts on, funding silent and regime off; a Manage Channels member subscribes two channels, one all silent', async () => {
    expect(await say('/subscribe alerts'), 'the group is told what it will get').toContain('This chat will get an alert for BTC');
    expect(await say('/alerts funding silent'), 'and that funding is now silent').toContain('funding is now silent');
    // Whether a move of the live basis or funding also relabels the regime is the regime model's
    // business; with regime off here, each of the group's alerts names exactly the kinds scripted.
    expect(await say('/alerts regime off'), 'and regime off').toContain('regime is now off');
    await slash({ command: 'subscribe', subcommand: 'alerts', permissions: PERMISSIONS.manageChannels, channelId: LOUD_CHANNEL });
    await slash({ command: 'subscribe', subcommand: 'alerts', permissions: PERMISSIONS.manageChannels, channelId: QUIET_CHANNEL });
    await slash({ command: 'alerts', options: { kind: 'all', level: 'silent' }, permissions: PERMISSIONS.manageChannels, channelId: QUIET_CHANNEL });

    const group = (await deps.store.subscriptions.chatSettings(dest('telegram', GROUP.id))).alerts;
    expect(group, 'the group watches the default asset, funding silent, regime off, the rest on').toMatchObject({
      assets: ['BTC'],
      levels: { basis: 'on', band: 'on', regime: 'off', cross: 'on', funding: 'silent' },
    });
    expect((await deps.store.subscriptions.chatSettings(dest('discord', LOUD_CHANNEL))).alerts?.levels, 'the loud channel keeps every kind on').toEqual({
      basis: 'on', band: 'on', regime: 'on', cross: 'on', funding: 'on',
    });
    expect((await deps.store.subscriptions.chatSettings(dest('discord', QUIET_CHANNEL))).alerts?.levels, 'the quiet channel set every kind silent').toEqual({
      basis: 'silent', band: 'silent', regime: 'silent', cross: 'silent', funding: 'silent',
    });
  });

  it('WHEN the live basis flips below zero for three checks THEN one alert reaches the group with sound and one embed each channel', async () => {
    expect(await minutes(3), 'the state that already holds (above the band) sends nothing').toEqual([]);
    const mark = markNow();

    live.basis = -0.012;
    expect(await minutes(2), 'two checks below zero are not yet a flip').toEqual([]);
    expect(since(mark).group, 'nothing reached the group before the flip was confirmed').toEqual([]);
    const queued = await minutes(1);
    expect(chatsOf(queued), 'the third check confirms it: one row per chat').toEqual(ALL_THREE);
    const groupKey = queued.find((k) => k.startsWith(`alert:telegram:${GROUP.id}:`))!;
    expect(await kindsOf(groupKey), 'the group’s alert names the flip and the band it left (regime is off there)').toEqual(['basis', 'band']);
    expect(await minutes(10), 'and it stays below: nothing more is queued').toEqual([]);

    const got = since(mark);
    expect(got.group.map((s) => s.method), 'exactly one message reached the group: the chart as a photo').toEqual(['sendPhoto']);
    const [photo] = got.group;
    const caption = parseTelegramHtml(photo!.caption ?? '');
    expect(caption, 'the caption is the alert, headline first (after the tone mark)').toMatch(/^\S+ Bitcoin futures flip below spot/);
    expect(caption, 'the band it left is in the same alert: one alert, not a burst').toMatch(/\nAlso: basis now below the 0%–2% band\.\n/);
    expect(photo!.disableNotification, 'basis is on in the group: the alert rings').toBe(false);
    expect(telegram.ledger.chat(GROUP.id).duplicates, 'nothing repeated in the group').toBe(0);

    expect(got.loud, 'one embed in the loud channel').toHaveLength(1);
    expect(got.loud[0]!.embedTitle, 'with the same headline').toMatch(/^Bitcoin futures flip below spot/);
    expect(got.loud[0]!.files, 'and the chart attached').toBe(1);
    expect(got.loud[0]!.flags & SUPPRESS_NOTIFICATIONS, 'every kind on: no SUPPRESS_NOTIFICATIONS flag').toBe(0);
    expect(got.quiet, 'one embed in the quiet channel').toHaveLength(1);
    expect(got.quiet[0]!.flags, 'every kind it names is silent there: flags 4096').toBe(SUPPRESS_NOTIFICATIONS);

    const row = await deps.store.outbox.get(groupKey);
    expect(row?.status, 'the outbox records the delivery').toBe('sent');
    expect(row?.messageIds, 'with the message id Telegram gave').toEqual([String(photo!.messageId)]);
  });

  it('WHEN funding alone turns negative THEN the group gets it silently, the loud channel with sound, the quiet one silent', async () => {
    const mark = markNow();
    live.fundingRate = -0.00005; // −5.5% APR: past the ±1% APR dead band
    const queued = await minutes(3);
    expect(chatsOf(queued), 'confirmed after three checks: one row per chat').toEqual(ALL_THREE);
    const groupKey = queued.find((k) => k.startsWith(`alert:telegram:${GROUP.id}:`))!;
    expect(await kindsOf(groupKey), 'the group’s alert names funding alone').toEqual(['funding']);
    const transitions = (await deps.store.alerts.getState('BTC'))?.kinds;
    expect(transitions?.funding?.side, 'the watcher now holds funding negative').toBe('negative');
    expect(await minutes(5), 'and says nothing more while it holds').toEqual([]);

    const got = since(mark);
    expect(got.group.map((s) => s.method), 'one photo in the group').toEqual(['sendPhoto']);
    const caption = parseTelegramHtml(got.group[0]!.caption ?? '');
    expect(caption, 'about funding').toMatch(/^\S+ Bitcoin funding turns negative\n/);
    expect(caption, 'and nothing else: a kind that is on would make it ring').not.toMatch(/Also:|regime now|flip below spot/);
    expect(got.group[0]!.disableNotification, 'funding is silent in the group, and it is the only kind named: no sound').toBe(true);
    expect(got.loud.map((m) => m.flags & SUPPRESS_NOTIFICATIONS), 'funding is on in the loud channel: with sound').toEqual([0]);
    expect(got.quiet.map((m) => m.flags), 'silent in the quiet channel').toEqual([SUPPRESS_NOTIFICATIONS]);
  });

  it('across the whole run no platform limit was broken and nothing was sent twice', () => {
    expect(telegram.ledger.totals.violations, 'the pacer kept to the fake Bot API’s limits').toMatchObject({ total: 0 });
    expect(telegram.ledger.totals.duplicates, 'no Telegram message repeated').toBe(0);
    expect(discord.ledger.totals.duplicates, 'no Discord message repeated').toBe(0);
  });
});
