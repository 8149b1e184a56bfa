/**
 * End to end with the scheduler: a channel subscribes with /subscribe in a non-UTC zone, the brief
 * arrives through the Discord Messenger at that local time, a restart does not send it again, and
 * downtime across the due time is caught up within grace and recorded skipped-late after it. The
 * clock is set, never waited on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBriefScheduler, type BriefScheduler } from '../../bot/scheduler/briefs.js';
import { buildBrief } from '../../commands/brief.js';
import { briefKey } from '../../core/schedule.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import type { Destination } from '../../core/ports.js';
import { FakeDiscord, PERMISSIONS } from '../fakes/fakeDiscord.js';
import { startDiscord, type Running } from './harness.js';

// 18:30 in Tokyo (UTC+9, no DST) is 09:30 UTC.
const TOKYO_1830_AUG_1 = '2026-08-01T09:30:00Z';
const GRACE_MINUTES = 120;

let fake: FakeDiscord;
const store = createMemoryStore();
let channel: Destination;
const briefsInChannel = () => fake.channelMessages.filter((m) => m.channelId === channel.chatId);

/** A fresh process: a new adapter and a new scheduler on the same store and the same Discord. */
async function boot(now: string): Promise<{ bot: Running; scheduler: BriefScheduler }> {
  const bot = await startDiscord({ fake, store, now });
  const scheduler = createBriefScheduler({
    store,
    messengers: { discord: bot.adapter.messenger },
    produceBrief: (asset) => buildBrief(asset, bot.deps),
    clock: bot.deps.clock,
    logger: bot.deps.logger,
    graceMinutes: GRACE_MINUTES,
  });
  return { bot, scheduler };
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
    expect((await store.chatSettings(channel)).brief).toMatchObject({ time: '18:30', timezone: 'Asia/Tokyo', assets: ['BTC'] });

    first.bot.deps.clock.set('2026-08-01T09:29:00Z');
    await first.scheduler.tick(first.bot.deps.clock.now());
    expect(briefsInChannel(), 'one minute early: nothing').toHaveLength(0);

    first.bot.deps.clock.set(TOKYO_1830_AUG_1);
    const report = await first.scheduler.tick(first.bot.deps.clock.now());
    expect(report.sent).toEqual([briefKey(channel, '2026-08-01')]);
    const [brief] = briefsInChannel();
    expect(brief!.json.embeds[0].image.url, 'the chart travels with the note').toBe(`attachment://${brief!.files[0]!.name}`);
    expect(brief!.json.allowed_mentions).toEqual({ parse: [] });
    expect(brief!.json.enforce_nonce).toBe(true);
    await first.bot.stop();

    const second = await boot('2026-08-01T09:45:00Z');
    await second.scheduler.catchUp(second.bot.deps.clock.now());
    await second.scheduler.tick(second.bot.deps.clock.now());
    expect(briefsInChannel(), 'the ledger remembers the delivery across the restart').toHaveLength(1);
    await second.bot.stop();
  });

  it('down across the due time: caught up once within grace', async () => {
    // Down from 2026-08-02 09:00 UTC; back at 10:15, 45 minutes after the 09:30 due time.
    const back = await boot('2026-08-02T10:15:00Z');
    const report = await back.scheduler.catchUp(back.bot.deps.clock.now());
    expect(report.sent).toEqual([briefKey(channel, '2026-08-02')]);
    await back.scheduler.tick(back.bot.deps.clock.now());
    expect(briefsInChannel(), 'day 1 and day 2, once each').toHaveLength(2);
    await back.bot.stop();
  });

  it('down past the grace window: recorded skipped-late, nothing sent hours late', async () => {
    // Due 2026-08-03 09:30 UTC; back at 12:00, 150 minutes late with a 120-minute grace.
    const late = await boot('2026-08-03T12:00:00Z');
    const report = await late.scheduler.catchUp(late.bot.deps.clock.now());
    const key = briefKey(channel, '2026-08-03');
    expect(report.skippedLate).toEqual([key]);
    expect((await store.getDelivery(key))?.status).toBe('skipped-late');
    expect(briefsInChannel()).toHaveLength(2);
    await late.bot.stop();
  });
});
