/**
 * Daily briefs end to end on Telegram: a chat subscribes through the real adapter, the real
 * scheduler (driven by an injected clock, never by waiting) queues the brief in the outbox, the real
 * sender sends it through the Telegram messenger to the fake Bot API, and restarts neither repeat
 * nor lose it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBriefScheduler } from '../../bot/scheduler/briefs.js';
import { createSender } from '../../bot/delivery/sender.js';
import { createTelegramAdapter, type TelegramAdapter } from '../../bot/telegram/client.js';
import { scaledLimits } from '../../bot/telegram/pacer.js';
import { buildBrief } from '../../commands/brief.js';
import { registry } from '../../commands/registry.js';
import type { Destination } from '../../core/ports.js';
import { FakeTelegram, type ChatSpec, type RecordedCall } from '../fakes/fakeTelegram.js';
import { parseTelegramHtml } from '../fakes/telegram/html.js';
import { createTestDeps } from '../support/app.js';

const NEW_YORK: ChatSpec = { id: 810001, type: 'private' }; // 07:30 America/New_York = 11:30 UTC in August (EDT)
const TOKYO: ChatSpec = { id: -1001810000000002, type: 'supergroup', title: 'Tokyo desk' }; // 20:00 Asia/Tokyo = 11:00 UTC
const dest = (chat: ChatSpec): Destination => ({ platform: 'telegram', chatId: String(chat.id) });

let fake: FakeTelegram;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let running: TelegramAdapter | null = null;

/**
 * One "process", wired as bot/main.ts wires it: an adapter, a sender and a scheduler on the shared
 * store, the claims of a dead predecessor released at start, and a tick at start. `minute()` is what
 * the cron tick and the woken sender do at the clock's current time.
 */
async function boot() {
  await running?.stop();
  running = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, registry, deps, logger: deps.logger, limits: scaledLimits(100) });
  await running.start();
  await deps.store.outbox.releaseClaims(null);
  const sender = createSender({ store: deps.store, messengers: { telegram: running.messenger }, clock: deps.clock, logger: deps.logger });
  const scheduler = createBriefScheduler({
    store: deps.store,
    platforms: ['telegram'],
    produceBrief: (asset) => buildBrief(asset, deps),
    clock: deps.clock,
    logger: deps.logger,
    graceMinutes: 120,
  });
  const minute = async () => ({ tick: await scheduler.tick(), delivery: await sender.drain() });
  return { scheduler, sender, minute, atStart: await minute() };
}

async function say(chat: ChatSpec, text: string, from = { id: 810001, first_name: 'Nia' }): Promise<void> {
  await fake.handled(fake.postText({ chat, from, text }));
}

const photosTo = (chat: ChatSpec): RecordedCall[] => fake.callsTo('sendPhoto').filter((c) => String(c.params['chat_id']) === String(chat.id));

beforeAll(async () => {
  fake = await FakeTelegram.start();
  fake.setMember(TOKYO.id, 810001, 'administrator');
  deps = await createTestDeps({ now: '2026-08-01T09:00:00Z' });
});

afterEach(() => {
  expect(JSON.stringify(deps.logger.entries), 'no log line carries the token').not.toContain(fake.token.split(':')[1]);
});

afterAll(async () => {
  await running?.stop();
  await fake.close();
});

describe('a brief at its local time in a non-UTC zone', () => {
  it('is sent at 07:30 New York time, not before, and once only across a restart', async () => {
    let bot = await boot();
    await say(NEW_YORK, '/subscribe brief 07:30 America/New_York');
    expect((await deps.store.subscriptions.chatSettings(dest(NEW_YORK))).brief, 'subscribed').toMatchObject({ time: '07:30', timezone: 'America/New_York' });

    deps.clock.set('2026-08-01T11:29:00Z');
    expect((await bot.minute()).tick.queued, '07:29 in New York: not yet').toEqual([]);
    expect(photosTo(NEW_YORK), 'nothing sent').toHaveLength(0);

    deps.clock.set('2026-08-01T11:30:00Z');
    const { tick, delivery } = await bot.minute();
    const key = 'brief:telegram:810001:2026-08-01';
    expect([tick.queued, delivery.sent], '07:30 in New York: queued and sent').toEqual([[key], [key]]);
    const [photo] = photosTo(NEW_YORK);
    expect(photo?.files['photo']?.bytes.subarray(1, 4).toString(), 'the brief carries its chart').toBe('PNG');
    expect(parseTelegramHtml(String(photo?.params['caption'])), 'the note is the caption').toMatch(/Bullish|Neutral|Bearish/);
    const row = await deps.store.outbox.get(key);
    expect(row?.status, 'the outbox records it').toBe('sent');
    expect(row?.messageIds.length, 'with every Telegram message it became').toBe(row?.partsSent);

    // Restart: a new adapter, sender and scheduler on the same store.
    deps.clock.set('2026-08-01T11:31:00Z');
    bot = await boot();
    deps.clock.set('2026-08-01T11:32:00Z');
    const after = [bot.atStart, await bot.minute()];
    expect(after.flatMap((r) => [...r.tick.queued, ...r.delivery.sent]), 'the outbox already holds today').toEqual([]);
    expect(photosTo(NEW_YORK), 'no second copy reached the chat').toHaveLength(1);
  });
});

describe('downtime across the due time', () => {
  it('the tick at start sends a missed brief once within grace, and records it skipped-late after', async () => {
    deps.clock.set('2026-08-01T09:10:00Z');
    await boot();
    await say(TOKYO, '/subscribe brief 20:00 Asia/Tokyo');
    await running?.stop(); // down from 09:10 until 12:00 UTC; the brief was due at 11:00 UTC

    deps.clock.set('2026-08-01T12:00:00Z');
    let bot = await boot();
    const key1 = 'brief:telegram:-1001810000000002:2026-08-01';
    expect(bot.atStart.delivery.sent, 'one hour late is within the two-hour grace').toEqual([key1]);
    deps.clock.set('2026-08-01T12:05:00Z');
    expect((await bot.minute()).delivery.sent, 'not again').toEqual([]);
    expect(photosTo(TOKYO), 'sent exactly once').toHaveLength(1);

    // Next day: down from before 11:00 until 14:00 UTC — three hours late is past grace.
    await running?.stop();
    deps.clock.set('2026-08-02T14:00:00Z');
    bot = await boot();
    const key = 'brief:telegram:-1001810000000002:2026-08-02';
    expect(bot.atStart.tick.skippedLate, 'too late to be useful: recorded, not sent').toContain(key);
    expect(bot.atStart.delivery.sent, 'nothing sent hours late').not.toContain(key);
    expect((await deps.store.outbox.get(key))?.status, 'the row says so').toBe('skipped-late');
    expect(photosTo(TOKYO), 'still only the first day').toHaveLength(1);
  });
});
