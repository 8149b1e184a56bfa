/**
 * Flip alerts from the chat's side: /subscribe alerts, /alerts, /unsubscribe and /settings through
 * the dispatcher, with the real memory store and the fixture market (BTC and ETH). Replies are
 * compared as the console prints them: the same text every platform shows.
 */
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../bot/console/render.js';
import type { Destination, OutboxEntry } from '../../core/ports.js';
import { createTestDeps } from '../support/app.js';
import { context, run, type TestDeps } from './run.js';

const GROUP = context();
const NOT_ADMIN = context({ isAdmin: async () => false });
const text = async (cmd: string, ctx = GROUP, deps?: TestDeps) => renderConsole(await run(cmd, ctx, deps));
const alertsOf = async (deps: TestDeps, ctx = GROUP) => (await deps.store.subscriptions.chatSettings(ctx.destination)).alerts;

const KINDS = [
  'basis: the futures basis crosses zero, either way',
  'band: the basis climbs above the 0%–2% band (renewed confidence), or falls back into it',
  'regime: the regime label changes (Bullish, Neutral, Bearish)',
  "cross: the basis's 7-day average crosses its 30-day average",
  'funding: perpetual funding turns negative, or positive again',
];
const COOLDOWN = 'Each kind alerts at most once every 4 hours per asset. Nothing is sent for a state that already holds: alerts are for changes, /brief tells the state.';
const TUNE = 'Tune them with /alerts KIND on|silent|off (silent: no notification sound); stop them with /unsubscribe alerts.';

describe('/subscribe alerts', () => {
  it('GIVEN no assets THEN the default asset is watched, and the reply says what will be sent, how often and how to tune it', async () => {
    const deps = await createTestDeps();
    expect(await text('/subscribe alerts', GROUP, deps)).toBe(
      ['Flip alerts on', '==============', 'This chat will get an alert for BTC when:', ...KINDS.map((k) => `• ${k}`), '', COOLDOWN, '', TUNE].join('\n'),
    );
    expect(await alertsOf(deps)).toMatchObject({ assets: ['BTC'], levels: { basis: 'on', band: 'on', regime: 'on', cross: 'on', funding: 'on' } });
  });

  it('takes several assets, in any case, once each', async () => {
    const deps = await createTestDeps();
    const r = await run('/subscribe alerts eth BTC eth', GROUP, deps);
    expect(r.paragraphs[0]!.split('\n')[0]).toBe('This chat will get an alert for ETH, BTC when:');
    expect((await alertsOf(deps))?.assets).toEqual(['ETH', 'BTC']);
  });

  it('refuses an asset the venues do not list, names the valid ones, and stores nothing', async () => {
    const deps = await createTestDeps();
    expect(await text('/subscribe alerts BTC DOGE', GROUP, deps)).toBe('Sorry\n=====\nUnknown asset DOGE. Assets with spot and futures here: BTC, ETH.');
    expect(await alertsOf(deps), 'a bad list loses nothing and adds nothing').toBeNull();
  });

  it('refuses more than five assets with an example', async () => {
    expect(await text('/subscribe alerts BTC ETH SOL XRP BNB ADA')).toBe('Sorry\n=====\nAt most 5 assets for alerts.\n\nExample: /subscribe alerts BTC ETH');
  });

  it('GIVEN alerts already on, with levels tuned, WHEN subscribing again THEN the list is replaced, the levels kept, and the reply says both', async () => {
    const deps = await createTestDeps();
    await run('/subscribe alerts BTC', GROUP, deps);
    await run('/alerts funding silent', GROUP, deps);
    await run('/alerts cross off', GROUP, deps);
    const r = await run('/subscribe alerts ETH', GROUP, deps);
    expect(r.title).toBe('Flip alerts updated');
    expect(r.paragraphs).toEqual([
      'This replaces the earlier list, BTC; the levels set with /alerts are kept.',
      ['This chat will get an alert for ETH when:', ...[KINDS[0], KINDS[1], KINDS[2], `${KINDS[4]} (silent)`].map((k) => `• ${k}`)].join('\n'),
      'Off here: cross.',
      COOLDOWN,
      TUNE,
    ]);
    expect(await alertsOf(deps)).toMatchObject({ assets: ['ETH'], levels: { cross: 'off', funding: 'silent', basis: 'on' } });
  });

  it('GIVEN a group member who is not an admin THEN they are refused and nothing is stored', async () => {
    const deps = await createTestDeps();
    const r = await run('/subscribe alerts', NOT_ADMIN, deps);
    expect(r.paragraphs[0]).toBe("Only this chat's admins can change its settings. Ask an admin to run /subscribe.");
    expect(await alertsOf(deps)).toBeNull();
  });
});

describe('/alerts', () => {
  const footer = 'Change one with /alerts KIND on|silent|off (KIND: basis, band, regime, cross, funding or all); silent means no notification sound. Stop them with /unsubscribe alerts.';
  const cooldown = 'Each kind alerts at most once every 4 hours per asset; nothing is sent for a state that already holds (/brief tells the state).';

  it('GIVEN alerts off THEN it lists the kinds and says how to turn them on', async () => {
    expect(await text('/alerts')).toBe(
      ['Flip alerts', '===========', 'Off in this chat. Turn them on with /subscribe alerts [ASSET…] (default BTC).', '', cooldown, '', ...KINDS].join('\n'),
    );
  });

  it('GIVEN alerts on THEN each kind shows its level, with the assets, the cool-down and how to change them', async () => {
    const deps = await createTestDeps();
    await run('/subscribe alerts BTC ETH', GROUP, deps);
    await run('/alerts regime silent', GROUP, deps);
    expect(await text('/alerts', GROUP, deps)).toBe(
      [
        'Flip alerts',
        '===========',
        'On in this chat for BTC, ETH.',
        '',
        cooldown,
        '',
        ...KINDS.map((k) => k.replace(/^(\w+):/, (_, kind: string) => `${kind} · ${kind === 'regime' ? 'silent' : 'on'}:`)),
        '',
        footer,
      ].join('\n'),
    );
  });

  it('sets one kind, says what the level means, and shows the result', async () => {
    const deps = await createTestDeps();
    await run('/subscribe alerts', GROUP, deps);
    const r = await run('/alerts FUNDING silent', GROUP, deps);
    expect(r.title).toBe('Flip alerts updated');
    expect(r.paragraphs[0]).toBe('funding is now silent: sent without a notification sound.');
    expect(r.fields.map((f) => f.name)).toEqual(['basis · on', 'band · on', 'regime · on', 'cross · on', 'funding · silent']);
    expect((await alertsOf(deps))?.levels).toEqual({ basis: 'on', band: 'on', regime: 'on', cross: 'on', funding: 'silent' });
  });

  it('"all" sets every kind, and the level may come first', async () => {
    const deps = await createTestDeps();
    await run('/subscribe alerts', GROUP, deps);
    const r = await run('/alerts off all', GROUP, deps);
    expect(r.paragraphs[0]).toBe('Every kind is now off: not sent.');
    expect((await alertsOf(deps))?.levels).toEqual({ basis: 'off', band: 'off', regime: 'off', cross: 'off', funding: 'off' });
    expect(await text('/settings', GROUP, deps)).toContain(
      'Flip alerts: on for BTC; basis off, band off, regime off, cross off, funding off; each kind at most once every 4 hours per asset. See /alerts.',
    );
  });

  it.each([
    ['/alerts moon on', '"moon" is not an alert kind: use basis, band, regime, cross, funding or all.', '/alerts funding on'],
    ['/alerts band loud', '"loud" is not a level: use on, silent or off.', '/alerts band silent'],
    ['/alerts moon', '"moon" is not an alert kind: use basis, band, regime, cross, funding or all, then on, silent or off.', '/alerts funding silent'],
    ['/alerts funding', 'Say the level for funding: on, silent or off.', '/alerts funding silent'],
    ['/alerts silent', 'Say which kind to set silent: basis, band, regime, cross, funding or all.', '/alerts funding silent'],
    ['/alerts funding silent now', 'Too many arguments: /alerts takes a kind and a level.', '/alerts funding silent'],
  ])('refuses %s with a clear message and an example, changing nothing', async (cmd, message, example) => {
    const deps = await createTestDeps();
    await run('/subscribe alerts', GROUP, deps);
    const r = await run(cmd, GROUP, deps);
    expect(r.tone).toBe('error');
    expect(r.paragraphs).toEqual([message, `Example: ${example}`]);
    expect((await alertsOf(deps))?.levels.funding).toBe('on');
  });

  it('GIVEN alerts off WHEN a level is set THEN it says to subscribe first and stores nothing', async () => {
    const deps = await createTestDeps();
    expect(await text('/alerts band off', GROUP, deps)).toBe(
      'Flip alerts are off\n===================\nThis chat has no flip alerts to tune. Turn them on with /subscribe alerts first, then set their levels.',
    );
    expect(await alertsOf(deps)).toBeNull();
  });

  it('GIVEN a group member who is not an admin THEN they may look but not change a level', async () => {
    const deps = await createTestDeps();
    await run('/subscribe alerts', GROUP, deps);
    expect((await run('/alerts', NOT_ADMIN, deps)).title, 'viewing is open to everyone').toBe('Flip alerts');
    const r = await run('/alerts basis off', NOT_ADMIN, deps);
    expect(r.paragraphs[0]).toBe("Only this chat's admins can change its settings. Ask an admin to run /alerts.");
    expect((await alertsOf(deps))?.levels.basis, 'the refusal changed nothing').toBe('on');
  });

  it('GIVEN an admin lookup that fails THEN the change is refused (fails closed) and nothing changes', async () => {
    const deps = await createTestDeps();
    await run('/subscribe alerts', GROUP, deps);
    const r = await run('/alerts basis off', context({ isAdmin: () => Promise.reject(new Error('getChatMember timed out')) }), deps);
    expect(r.paragraphs).toEqual(['Something went wrong while running /alerts. It has been logged; please try again in a minute.']);
    expect(deps.logger.entries).toContainEqual(expect.objectContaining({ level: 'error', fields: expect.objectContaining({ command: 'alerts', err: 'Error: getChatMember timed out' }) }));
    expect((await alertsOf(deps))?.levels.basis).toBe('on');
  });

  it('in a private chat the user may always change its settings', async () => {
    const deps = await createTestDeps();
    // What every adapter answers for a private chat (Telegram private chat, Discord DM, console).
    const dm = context({ destination: { platform: 'discord', chatId: '555' }, chatKind: 'private', isAdmin: async () => true });
    await run('/subscribe alerts ETH', dm, deps);
    expect((await run('/alerts cross silent', dm, deps)).title).toBe('Flip alerts updated');
    expect((await alertsOf(deps, dm))?.levels.cross).toBe('silent');
  });
});

describe('/unsubscribe', () => {
  const entry = (destination: Destination, kind: 'alert' | 'brief', slot: string): OutboxEntry => ({
    destination,
    kind,
    slot,
    payloads: [`payload-${slot}`],
    silent: false,
    priority: kind === 'alert' ? 10 : 0,
    dueAt: GROUP.now,
    expiresAt: GROUP.now + 3_600_000,
  });
  const other: Destination = { platform: 'telegram', chatId: '42' };

  it('GIVEN an alert waiting in the outbox WHEN alerts stop THEN it is cancelled; the brief and other chats are untouched', async () => {
    const deps = await createTestDeps();
    await run('/subscribe alerts', GROUP, deps);
    await deps.store.outbox.enqueue([entry(GROUP.destination, 'alert', 'BTC#1'), entry(GROUP.destination, 'brief', '2026-08-01'), entry(other, 'alert', 'BTC#1')], GROUP.now);
    expect(await text('/unsubscribe alerts', GROUP, deps)).toBe(
      'Unsubscribed\n============\nThis chat will no longer get flip alerts.\n\nOne message waiting to be sent was cancelled.',
    );
    const rows = await deps.store.outbox.list();
    expect(rows.map((r) => [r.key, r.status, r.detail])).toEqual(
      expect.arrayContaining([
        ['alert:telegram:-1001234567890123:BTC#1', 'cancelled', 'unsubscribed'],
        ['brief:telegram:-1001234567890123:2026-08-01', 'pending', null],
        ['alert:telegram:42:BTC#1', 'pending', null],
      ]),
    );
    expect(await alertsOf(deps)).toBeNull();
  });

  it('/unsubscribe all stops both and cancels every waiting message of the chat', async () => {
    const deps = await createTestDeps();
    await run('/subscribe alerts', GROUP, deps);
    await run('/subscribe brief 07:30 Europe/Berlin', GROUP, deps);
    await deps.store.outbox.enqueue([entry(GROUP.destination, 'alert', 'BTC#1'), entry(GROUP.destination, 'brief', '2026-08-01')], GROUP.now);
    const r = await run('/unsubscribe all', GROUP, deps);
    expect(r.paragraphs).toEqual(['This chat will no longer get the daily brief or flip alerts.', '2 messages waiting to be sent were cancelled.']);
    expect(await deps.store.outbox.list({ status: 'pending' })).toEqual([]);
  });
});

describe('/settings and /help', () => {
  it('/settings lists the assets, the levels that are not on, and the cool-down', async () => {
    const deps = await createTestDeps();
    await run('/subscribe alerts ETH BTC', GROUP, deps);
    await run('/alerts cross off', GROUP, deps);
    await run('/alerts funding silent', GROUP, deps);
    expect(await text('/settings', GROUP, deps)).toBe(
      [
        'Settings for this chat',
        '======================',
        'Daily brief: off. Start one with /subscribe brief 08:00 UTC.',
        '',
        'Flip alerts: on for ETH, BTC; cross off, funding silent; each kind at most once every 4 hours per asset. See /alerts.',
      ].join('\n'),
    );
  });

  it('/help lists /alerts and the alert assets of /subscribe', async () => {
    const r = await run('/help');
    expect(r.fields).toContainEqual({ name: '/alerts [KIND on|silent|off]', value: 'The flip alerts of this chat, and each kind on, silent or off' });
    expect(r.fields).toContainEqual(expect.objectContaining({ name: '/subscribe brief [HH:MM] [Timezone] [ASSET…] | /subscribe alerts [ASSET…]' }));
  });
});
