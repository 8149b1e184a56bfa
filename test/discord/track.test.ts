/**
 * /track end to end on Discord: a channel subscribes with the slash command, the real scheduler and
 * sender post the brief through the Discord messenger to the fake Discord — recording its call —
 * and /track, run two months later, is deferred and answered with an embed of that record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSender } from '../../bot/delivery/sender.js';
import { createBriefScheduler } from '../../bot/scheduler/briefs.js';
import { buildBrief } from '../../commands/brief.js';
import { TONE_COLOURS } from '../../bot/discord/render.js';
import { PERMISSIONS } from '../fakes/fakeDiscord.js';
import { startDiscord, type Running } from './harness.js';

let bot: Running;
beforeAll(async () => {
  bot = await startDiscord({ now: '2025-12-01T07:00:00Z' });
});
afterAll(async () => {
  await bot?.stop();
});

const embedOf = async (options: Record<string, string> = {}) => {
  const { requests } = await bot.command({ command: 'track', options });
  return { requests, embed: requests.at(-1)!.json.embeds[0] as { title: string; color: number; description: string; footer?: { text: string } } };
};

describe('/track on Discord', () => {
  it('is a slash command with an asset option, deferred before it reads the market', async () => {
    const { requests, embed } = await embedOf();
    expect(requests.map((r) => `${r.method} ${r.path.split('/').slice(-1)[0]}`)).toEqual(['POST callback', 'PATCH @original']);
    expect(embed.title).toBe('BTC track record');
    expect(embed.color, 'an information reply, not a regime colour').toBe(TONE_COLOURS.info);
    expect(embed.description).toContain('No BTC call has been published yet');
  });

  it('GIVEN the channel’s 08:00 brief of 1 December 2025 THEN /track shows its call two months on, as the brief stated it', async () => {
    const channel = { platform: 'discord' as const, chatId: bot.fake.ids.channelId };
    await bot.command({ command: 'subscribe', subcommand: 'brief', options: { time: '08:00', timezone: 'UTC', assets: 'BTC' }, permissions: PERMISSIONS.manageChannels });
    expect((await bot.deps.store.subscriptions.chatSettings(channel)).brief).toMatchObject({ time: '08:00', assets: ['BTC'] });
    const { deps } = bot;
    const sender = createSender({ store: deps.store, messengers: { discord: bot.adapter.messenger }, clock: deps.clock, logger: deps.logger });
    const scheduler = createBriefScheduler({ store: deps.store, platforms: ['discord'], produceBrief: (a) => buildBrief(a, deps), clock: deps.clock, logger: deps.logger });
    deps.clock.set('2025-12-01T08:00:00Z');
    await scheduler.tick();
    expect((await sender.drain()).sent, 'posted').toHaveLength(1);
    const posted = bot.fake.channelMessages.find((m) => m.channelId === channel.chatId)!;
    const [, label, stated, cases] = /· (Bullish|Neutral|Bearish) · (\d+)% hit rate, (?:only )?(\d+) cases?$/.exec(posted.json.embeds[0].title)!;

    deps.clock.set('2026-02-01T09:00:00Z');
    const { embed } = await embedOf({ asset: 'BTC' });
    // The brief quoted the 30 November close (90,360.00); 30 December closed at 88,485.49: −2.1%.
    const held = label === 'Bullish' ? 'missed' : 'held';
    expect(embed.description).toContain('1 BTC call published since 1 December 2025 (1 brief, 0 alerts).');
    expect(embed.description, 'the table in a code block').toMatch(new RegExp(`\`\`\`[^]*\\n2025-12-01  brief  ${label} +${stated}% \\(${cases}\\) +[+−]\\d+\\.\\d\\d% +90,360 +[+−]\\d+\\.\\d% +−2\\.1% ${held}\\n[^]*\`\`\``));
    expect(embed.footer?.text).toMatch(/^Stated: the hit rate the call stated/);
  });
});
