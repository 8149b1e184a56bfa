/**
 * End to end with the scheduler and the sender: a channel subscribes with /subscribe in a non-UTC
 * zone, the brief is queued in the outbox at that local time and posted through the Discord
 * Messenger, a restart does not post it again, and downtime across the due time is caught up
 * within grace and recorded skipped-late after it. The clock is set, never waited on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBriefScheduler } from '../../bot/scheduler/briefs.js';
import { createSender } from '../../bot/delivery/sender.js';
import { buildBrief } from '../../commands/brief.js';
import { briefKey } from '../../core/schedule.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import type { Destination } from '../../core/ports.js';
import { FakeDiscord, PERMISSIONS } from '../fakes/fakeDiscord.js';
import { startDiscord } from './harness.js';

// 18:30 in Tokyo (UTC+9, no DST) is 09:30 UTC.
const TOKYO_1830_AUG_1 = '2026-08-01T09:30:00Z';
const GRACE_MINUTES = 120;

let fake: FakeDiscord;
const store = createMemoryStore();
let channel: Destination;
const briefsInChannel = () => fake.channelMessages.filter((m) => m.channelId === channel.chatId);

/**
 * A fresh process, wired as bot/main.ts wires it: a new adapter, sender and scheduler on the same
 * store and the same Discord, with a tick at start. `minute()` is a cron tick and the woken sender.
 */
async function boot(now: string) {
  const bot = await startDiscord({ fake, store, now });
  await store.outbox.releaseClaims(null);
  const sender = createSender({ store, messengers: { discord: bot.adapter.messenger }, clock: bot.deps.clock, logger: bot.deps.logger });
  const scheduler = createBriefScheduler({
    store,
    platforms: ['discord'],
    produceBrief: (asset) => buildBrief(asset, bot.deps),
    clock: bot.deps.clock,
    logger: bot.deps.logger,
    graceMinutes: GRACE_MINUTES,
  });
  const minute = async () => ({ tick: await scheduler.tick(), delivery: await sender.drain() });
  return { bot, minute, atStart: await minute() };
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  channel = { platform: 'discord', chatId: fake.ids.channelId };
});
afterAll(async () => {
  await store.close();
  await fake.close();
});

describe('a subscribed channel gets its brief at its local time, once', () => {
  it('subscribe → due at 18:30 Tokyo → sent once → restart → not again', async () => {
    const first = await boot('2026-08-01T08:00:00Z');
    await first.bot.command({
      command: 'subscribe',
      subcommand: 'brief',
      options: { time: '18:30', timezone: 'Asia/Tokyo', assets: 'BTC' },
      permissions: PERMISSIONS.manageChannels,
    });
    expect((await store.subscriptions.chatSettings(channel)).brief, 'subscribed').toMatchObject({ time: '18:30', timezone: 'Asia/Tokyo', assets: ['BTC'] });

    first.bot.deps.clock.set('2026-08-01T09:29:00Z');
    await first.minute();
    expect(briefsInChannel(), 'one minute early: nothing').toHaveLength(0);

    first.bot.deps.clock.set(TOKYO_1830_AUG_1);
    const { tick, delivery } = await first.minute();
    const key = briefKey(channel, '2026-08-01');
    expect([tick.queued, delivery.sent], '18:30 in Tokyo: queued and posted').toEqual([[key], [key]]);
    const [brief] = briefsInChannel();
    expect(brief!.json.embeds[0].image.url, 'the chart travels with the note').toBe(`attachment://${brief!.files[0]!.name}`);
    expect(brief!.json.allowed_mentions, 'no pings from data').toEqual({ parse: [] });
    expect(brief!.json.enforce_nonce, 'a re-send after a crash would be answered with this message').toBe(true);
    expect((await store.outbox.get(key))?.messageIds, 'the outbox keeps the posted message id').toEqual([brief!.id]);
    await first.bot.stop();

    const second = await boot('2026-08-01T09:45:00Z');
    await second.minute();
    expect([second.atStart.tick.queued, second.atStart.delivery.sent], 'nothing is queued or sent again at start').toEqual([[], []]);
    expect(briefsInChannel(), 'the outbox remembers the delivery across the restart').toHaveLength(1);
    await second.bot.stop();
  });

  it('down across the due time: caught up once within grace', async () => {
    // Down from 2026-08-02 09:00 UTC; back at 10:15, 45 minutes after the 09:30 due time.
    const back = await boot('2026-08-02T10:15:00Z');
    expect(back.atStart.delivery.sent, 'the tick at start queues it, the sender posts it').toEqual([briefKey(channel, '2026-08-02')]);
    await back.minute();
    expect(briefsInChannel(), 'day 1 and day 2, once each').toHaveLength(2);
    await back.bot.stop();
  });

  it('down past the grace window: recorded skipped-late, nothing sent hours late', async () => {
    // Due 2026-08-03 09:30 UTC; back at 12:00, 150 minutes late with a 120-minute grace.
    const late = await boot('2026-08-03T12:00:00Z');
    const key = briefKey(channel, '2026-08-03');
    expect(late.atStart.tick.skippedLate, '150 minutes late').toEqual([key]);
    expect((await store.outbox.get(key))?.status, 'recorded so it is never sent').toBe('skipped-late');
    expect(briefsInChannel(), 'still two').toHaveLength(2);
    await late.bot.stop();
  });
});
