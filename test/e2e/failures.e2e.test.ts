/**
 * What the platforms answer when a delivery goes wrong, end to end: outbox rows are sent by the real
 * sender through the real Telegram (telegraf) and Discord (discord.js) messengers to the fakes, which
 * refuse them the way the platforms do. The outbox runs on an injected clock; the only real waits are
 * the one-second retry_after of the 429 cases, which the bot must honour on the wire as well (the fake
 * books a send inside a running retry_after as a `retryAfter` violation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish } from '../../bot/delivery/payloads.js';
import { PRIORITY } from '../../bot/delivery/policy.js';
import { createSender, type Sender } from '../../bot/delivery/sender.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../bot/discord/client.js';
import { createTelegramAdapter, type TelegramAdapter } from '../../bot/telegram/client.js';
import { scaledLimits } from '../../bot/telegram/pacer.js';
import { buildBrief } from '../../commands/brief.js';
import type { Reply } from '../../commands/reply.js';
import { registry } from '../../commands/registry.js';
import type { Destination, OutboxEntry, OutboxKind } from '../../core/ports.js';
import { FakeDiscord } from '../fakes/fakeDiscord.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';
import { FaultInjector, type InjectOptions } from '../fakes/telegram/faults.js';
import { parseTelegramHtml } from '../fakes/telegram/html.js';
import { isSendMethod } from '../fakes/telegram/sends.js';
import { createTestDeps } from '../support/app.js';

const MINUTE = 60_000;
const DAY = '2026-08-01';
/** A seeded 429 with retry_after 1 s on half the sends; the chats below are picked so it hits exactly their first attempt. */
const INJECT: InjectOptions = { p429: 0.5, retryAfterSeconds: 1, seed: 7 };
const DISCORD_TOKEN = 'MTIwMDAwMDAwMDAwMDAwMDAwMQ.fake.failures-e2e-token';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
const realNow = () => performance.timeOrigin + performance.now(); // the fakes' default clock

/**
 * A chat id whose first send the seeded injector answers 429 and whose next `clean` sends it lets
 * through: "answered 429 with retry_after once", chosen from the same draw the fake makes.
 */
function chatWithOne429(from: number, clean = 4): string {
  const injector = new FaultInjector(INJECT);
  for (let id = from; ; id++) {
    const chat = String(id);
    const draws = Array.from({ length: clean + 1 }, (_, i) => injector.draw(chat, i).kind);
    if (draws[0] === '429' && draws.slice(1).every((k) => k === 'none')) return chat;
  }
}

/** A row as a producer writes it, with its rendered payload stored first. */
async function queue(deps: Deps, destination: Destination, reply: Reply, o: { kind?: OutboxKind; slot?: string; dueAt?: number } = {}): Promise<string> {
  const kind = o.kind ?? 'brief';
  const dueAt = o.dueAt ?? deps.clock.now();
  const payload = `${kind}:test:${o.slot ?? DAY}`;
  const entry: OutboxEntry = {
    destination,
    kind,
    slot: o.slot ?? DAY,
    payloads: [payload],
    silent: false,
    priority: kind === 'alert' ? PRIORITY.alert : PRIORITY.brief,
    dueAt,
    expiresAt: dueAt + 120 * MINUTE,
  };
  const [key] = await publish(deps.store.outbox, [{ key: payload, reply }], [entry], deps.clock.now());
  return key!;
}

/** The chat subscribed to both a brief and alerts, so retiring or moving it has something to act on. */
async function subscribe(deps: Deps, destination: Destination): Promise<void> {
  await deps.store.subscriptions.setBrief({ destination, time: '09:00', timezone: 'UTC', assets: ['BTC'], createdAt: 0 });
  await deps.store.subscriptions.setAlerts(destination, ['BTC'], 0);
}

describe('Telegram answers 429 with retry_after', () => {
  let fake: FakeTelegram;
  let deps: Deps;
  let tg: TelegramAdapter;
  let sender: Sender;
  const arrivals: number[] = []; // when each send call reached the fake, in the order of fake.calls' sends

  beforeAll(async () => {
    fake = await FakeTelegram.start({ inject: INJECT, clock: () => (arrivals.push(realNow()), arrivals.at(-1)!) });
    deps = await createTestDeps();
    tg = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, registry, deps, logger: deps.logger, limits: scaledLimits(100) });
    await tg.start();
    sender = createSender({ store: deps.store, messengers: { telegram: tg.messenger }, clock: deps.clock, logger: deps.logger });
  });
  afterAll(async () => {
    await tg.stop();
    await fake.close();
  });

  /** The real time each send to `chat` reached the fake, with its answer. */
  const sendsTo = (chat: string) =>
    fake.calls
      .filter((c) => isSendMethod(c.method))
      .map((c, i) => ({ chat: String(c.params['chat_id']), method: c.method, answered: c.answered, at: arrivals[i]! }))
      .filter((s) => s.chat === chat);

  it('a brief is not sent before retry_after has passed, and is sent after it', async () => {
    const chat = chatWithOne429(600_000);
    const t0 = deps.clock.now();
    const key = await queue(deps, { platform: 'telegram', chatId: chat }, await buildBrief('BTC', deps));

    expect((await sender.drain(t0)).retrying, 'the first attempt meets the 429: the row waits').toEqual([key]);
    const row = await deps.store.outbox.get(key);
    expect(row?.nextAttemptAt, 'for retry_after (1 s) and a margin, in the row').toBeGreaterThanOrEqual(t0 + 1_000);
    expect(row?.detail, 'with the reason').toMatch(/^429: Too Many Requests/);

    expect(await sender.drain(t0 + 900), 'inside retry_after the outbox does not even claim it').toMatchObject({ sent: [], retrying: [] });
    expect(fake.ledger.chat(chat).attempts, 'so the chat saw one attempt only').toBe(1);

    expect((await sender.drain(row!.nextAttemptAt)).sent, 'after retry_after it goes out').toEqual([key]);
    const sends = sendsTo(chat);
    expect(sends.map((s) => `${s.method} ${s.answered}`), 'refused once, then the brief: chart, then the rest of the note').toEqual(['sendPhoto 429', 'sendPhoto ok', 'sendMessage ok']);
    expect(sends[1]!.at - sends[0]!.at, 'on the wire too, the retry waited out retry_after').toBeGreaterThanOrEqual(1_000);
    expect(fake.ledger.totals.violations.retryAfter, 'no send reached the fake inside a running retry_after').toBe(0);
    expect(fake.ledger.chat(chat).duplicates, 'and nothing was sent twice').toBe(0);
  });

  it('a command reply (/basis) that meets a 429 waits out retry_after and is answered', async () => {
    const chat = chatWithOne429(700_000);
    const user = { id: Number(chat), first_name: 'Ren' };
    await fake.handled(fake.postText({ chat: { id: Number(chat), type: 'private' }, from: user, text: '/basis' }));

    const sends = sendsTo(chat);
    expect(sends.map((s) => `${s.method} ${s.answered}`), 'the answer (the chart with the note as its caption) refused once, then sent').toEqual(['sendPhoto 429', 'sendPhoto ok']);
    expect(sends[1]!.at - sends[0]!.at, 'not before retry_after (1 s)').toBeGreaterThanOrEqual(1_000);
    const caption = parseTelegramHtml(fake.ledger.chat(chat).accepted[0]?.caption ?? '');
    expect(caption, 'the user got the /basis answer, not an apology').toMatch(/BTC basis · (Bullish|Neutral|Bearish)/);
    expect(fake.ledger.totals.violations.retryAfter, 'no send inside a running retry_after').toBe(0);
    expect(deps.logger.entries.filter((e) => /not delivered|given up/.test(e.msg)), 'nothing was dropped').toEqual([]);
  });
});

describe('Telegram chats that are gone or moved', () => {
  let fake: FakeTelegram;
  let deps: Deps;
  let tg: TelegramAdapter;
  let sender: Sender;
  let brief: Reply;

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    deps = await createTestDeps();
    tg = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, registry, deps, logger: deps.logger, limits: scaledLimits(100) });
    sender = createSender({ store: deps.store, messengers: { telegram: tg.messenger }, clock: deps.clock, logger: deps.logger });
    brief = await buildBrief('BTC', deps);
  });
  afterAll(async () => {
    await fake.close();
  });

  it('a 403 (the user blocked the bot) retires the chat after exactly one attempt', async () => {
    const chat: Destination = { platform: 'telegram', chatId: '810042' };
    fake.blockChat(chat.chatId);
    await subscribe(deps, chat);
    const t0 = deps.clock.now();
    const key = await queue(deps, chat, brief);
    const later = await queue(deps, chat, brief, { kind: 'alert', slot: 'BTC#1', dueAt: t0 + 10 * MINUTE });

    expect((await sender.drain(t0)).failed, 'the brief fails on the 403').toEqual([key]);
    expect(fake.ledger.chat(chat.chatId), 'one attempt, refused 403, nothing delivered').toMatchObject({ attempts: 1, refused: { '403': 1 }, accepted: [] });
    expect((await deps.store.outbox.get(key))?.detail, 'the row says why').toBe('gone: 403: Forbidden: bot was blocked by the user');
    expect(await deps.store.subscriptions.chatSettings(chat), 'its subscriptions are gone').toEqual({ brief: null, alerts: null });
    const cancelled = await deps.store.outbox.get(later);
    expect(cancelled?.status, 'a message still waiting for it is cancelled').toBe('cancelled');
    expect(cancelled?.detail).toMatch(/^chat retired: 403/);

    await sender.drain(t0 + 30 * MINUTE);
    expect(fake.ledger.chat(chat.chatId).attempts, 'and it is never tried again').toBe(1);
  });

  it('a group that became a supergroup gets the message once at its new id, and its subscriptions follow', async () => {
    const from: Destination = { platform: 'telegram', chatId: '-4100000042' };
    const to: Destination = { platform: 'telegram', chatId: '-1004100000042' };
    fake.migrateChat(from.chatId, Number(to.chatId));
    await subscribe(deps, from);
    const t0 = deps.clock.now();
    const key = await queue(deps, from, brief);

    const report = await sender.drain(t0);
    expect([report.moved, report.sent], 'the old row hands over to a row for the new id, which is sent in the same pass').toEqual([[key], [`brief:telegram:${to.chatId}:${DAY}`]]);
    expect(fake.ledger.chat(from.chatId), 'the old id: one attempt, refused 400').toMatchObject({ attempts: 1, refused: { '400': 1 }, accepted: [] });
    const atNew = fake.ledger.chat(to.chatId);
    expect(atNew.accepted.map((s) => s.method), 'the new id: the brief once, chart then note').toEqual(['sendPhoto', 'sendMessage']);
    expect(atNew.duplicates, 'once').toBe(0);
    expect((await deps.store.subscriptions.chatSettings(to)).brief, 'the brief subscription moved').toMatchObject({ time: '09:00', timezone: 'UTC' });
    expect((await deps.store.subscriptions.chatSettings(to)).alerts, 'and the alerts').toMatchObject({ assets: ['BTC'] });
    expect(await deps.store.subscriptions.chatSettings(from), 'nothing is left at the old id').toEqual({ brief: null, alerts: null });

    await sender.drain(t0 + 30 * MINUTE);
    expect([fake.ledger.chat(from.chatId).attempts, fake.ledger.chat(to.chatId).accepted.length], 'nothing more to either id').toEqual([1, 2]);
  });
});

describe('Discord channels that are gone', () => {
  let fake: FakeDiscord;
  let deps: Deps;
  let dc: DiscordAdapter;
  let sender: Sender;
  let brief: Reply;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    deps = await createTestDeps();
    // The outbox posts over REST alone: the adapter's messenger needs no gateway session.
    dc = createDiscordAdapter({ token: DISCORD_TOKEN, apiBase: fake.apiBase, registry, deps, logger: deps.logger });
    sender = createSender({ store: deps.store, messengers: { discord: dc.messenger }, clock: deps.clock, logger: deps.logger });
    brief = await buildBrief('BTC', deps);
  });
  afterAll(async () => {
    await dc.stop();
    await fake.close();
  });

  const cases = [
    { name: 'unknown channel (10003: deleted)', channel: '1400000000000010003', script: (f: FakeDiscord, id: string) => f.unknownChannel(id), detail: /^gone: discord 404 10003: Unknown Channel/, status: '404' },
    { name: 'missing access (50001: the bot cannot see it)', channel: '1400000000000050001', script: (f: FakeDiscord, id: string) => f.missingAccess(id), detail: /^gone: discord 403 50001: Missing Access/, status: '403' },
    { name: 'missing permissions (50013: it may not post)', channel: '1400000000000050013', script: (f: FakeDiscord, id: string) => f.missingPermissions(id), detail: /^gone: discord 403 50013: Missing Permissions/, status: '403' },
  ];
  for (const c of cases) {
    it(`${c.name} retires the channel after one attempt`, async () => {
      const channel: Destination = { platform: 'discord', chatId: c.channel };
      c.script(fake, c.channel);
      await subscribe(deps, channel);
      const t0 = deps.clock.now();
      const key = await queue(deps, channel, brief);
      const later = await queue(deps, channel, brief, { kind: 'alert', slot: 'BTC#1', dueAt: t0 + 10 * MINUTE });

      expect((await sender.drain(t0)).failed, 'the brief fails').toEqual([key]);
      expect(fake.ledger.channel(c.channel), 'one attempt, refused, nothing posted').toMatchObject({ attempts: 1, refused: { [c.status]: 1 }, accepted: [] });
      expect((await deps.store.outbox.get(key))?.detail, 'the row says why').toMatch(c.detail);
      expect(await deps.store.subscriptions.chatSettings(channel), 'its subscriptions are gone').toEqual({ brief: null, alerts: null });
      expect((await deps.store.outbox.get(later))?.status, 'what was still waiting for it is cancelled').toBe('cancelled');

      await sender.drain(t0 + 30 * MINUTE);
      expect(fake.ledger.channel(c.channel).attempts, 'never tried again: repeated 403/404s get an IP banned').toBe(1);
    });
  }
});
