/**
 * Daily briefs end to end on Telegram: a chat subscribes through the real adapter, the real
 * scheduler (driven by an injected clock, never by waiting) sends the brief through the Telegram
 * messenger to the fake Bot API, and restarts neither repeat nor lose it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBriefScheduler, type BriefScheduler } from '../../bot/scheduler/briefs.js';
import { createTelegramAdapter, type TelegramAdapter } from '../../bot/telegram/client.js';
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

/** One "process": an adapter and a scheduler on the shared store, as bot/main.ts wires them. */
async function boot(): Promise<BriefScheduler> {
  await running?.stop();
  running = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, registry, deps, logger: deps.logger });
  await running.start();
  return createBriefScheduler({
    store: deps.store,
    messengers: { telegram: running.messenger },
    produceBrief: (asset) => buildBrief(asset, deps),
    clock: deps.clock,
    logger: deps.logger,
    graceMinutes: 120,
  });
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
    let scheduler = await boot();
    await say(NEW_YORK, '/subscribe brief 07:30 America/New_York');
    expect((await deps.store.chatSettings(dest(NEW_YORK))).brief).toMatchObject({ time: '07:30', timezone: 'America/New_York' });

    deps.clock.set('2026-08-01T11:29:00Z');
    expect((await scheduler.tick()).sent, '07:29 in New York: not yet').toEqual([]);
    expect(photosTo(NEW_YORK)).toHaveLength(0);

    deps.clock.set('2026-08-01T11:30:00Z');
    const report = await scheduler.tick();
    const key = 'brief:telegram:810001:2026-08-01';
    expect(report.sent, '07:30 in New York').toEqual([key]);
    const [photo] = photosTo(NEW_YORK);
    expect(photo?.files['photo']?.bytes.subarray(1, 4).toString(), 'the brief carries its chart').toBe('PNG');
    expect(parseTelegramHtml(String(photo?.params['caption'])), 'the note is the caption').toMatch(/Bullish|Neutral|Bearish/);
    expect((await deps.store.getDelivery(key))?.status).toBe('sent');

    // Restart: a new adapter and a new scheduler on the same store.
    scheduler = await boot();
    deps.clock.set('2026-08-01T11:31:00Z');
    const after = [await scheduler.catchUp(), await scheduler.tick()];
    expect(after.flatMap((r) => r.sent), 'the ledger already holds today').toEqual([]);
    expect(photosTo(NEW_YORK), 'no second copy reached the chat').toHaveLength(1);
  });
});

describe('downtime across the due time', () => {
  it('catchUp sends a missed brief once within grace, and records it skipped-late after', async () => {
    deps.clock.set('2026-08-01T09:10:00Z');
    let scheduler = await boot();
    await say(TOKYO, '/subscribe brief 20:00 Asia/Tokyo');
    await running?.stop(); // down from 09:10 until 12:00 UTC; the brief was due at 11:00 UTC

    deps.clock.set('2026-08-01T12:00:00Z');
    scheduler = await boot();
    const caught = await scheduler.catchUp();
    expect(caught.sent, 'one hour late is within the two-hour grace').toEqual(['brief:telegram:-1001810000000002:2026-08-01']);
    deps.clock.set('2026-08-01T12:05:00Z');
    expect((await scheduler.tick()).sent).toEqual([]);
    expect(photosTo(TOKYO), 'sent exactly once').toHaveLength(1);

    // Next day: down from before 11:00 until 14:00 UTC — three hours late is past grace.
    await running?.stop();
    deps.clock.set('2026-08-02T14:00:00Z');
    scheduler = await boot();
    const late = await scheduler.catchUp();
    const key = 'brief:telegram:-1001810000000002:2026-08-02';
    expect(late.skippedLate, 'too late to be useful: recorded, not sent').toContain(key);
    expect(late.sent).not.toContain(key);
    expect((await deps.store.getDelivery(key))?.status).toBe('skipped-late');
    expect(photosTo(TOKYO), 'still only the first day').toHaveLength(1);
  });
});
