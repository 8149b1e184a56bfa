/**
 * The reply fuzz test: thousands of replies built from hostile inputs by the real reply builders,
 * each rendered for Telegram and Discord and checked against what those platforms accept and how
 * they render (test/fuzz/cases.ts builds them, test/fuzz/checks.ts judges). Seeded: a failure names
 * its case's seed, which reproduces it alone.
 */
import { describe, expect, it } from 'vitest';
import type { DiscordMessage } from '../../bot/discord/render.js';
import type { Reply } from '../../commands/reply.js';
import { argumentCase, marketCase, replyCase, results } from './cases.js';
import { discordFailures, telegramFailures } from './checks.js';

describe('replies from hostile inputs, on Telegram and Discord', () => {
  it('GIVEN 3,000 seeded cases WHEN every reply is rendered for both platforms THEN every message and embed is accepted and shows data as text', async () => {
    for (let seed = 1; seed <= 500; seed++) await marketCase(seed);
    for (let seed = 1; seed <= 1_000; seed++) await argumentCase(100_000 + seed);
    for (let seed = 1; seed <= 1_500; seed++) replyCase(200_000 + seed);
    expect(results.replies, 'thousands of replies were checked').toBeGreaterThan(3_500);
    expect(results.failures, 'each line names a seed that reproduces it').toEqual([]);
    // About 6–9 s alone on this 2-core machine; the margin is for a loaded run beside the e2e suites.
  }, 60_000);
});

describe('the checks themselves refuse what the platforms refuse', () => {
  const reply: Reply = { title: 'T', tone: 'info', paragraphs: ['a<b'], fields: [] };
  it('Telegram: an unescaped <, an over-long message, text that is not the reply', () => {
    expect(telegramFailures(reply, [{ kind: 'text', html: '<b>T</b>\n\na<b' }])[0]).toMatch(/unsupported start tag|unclosed/);
    expect(telegramFailures(reply, [{ kind: 'text', html: 'x'.repeat(4097) }])).toContain('part 0 (text): 4097 characters after parsing, over 4096');
    expect(telegramFailures(reply, [{ kind: 'text', html: '<b>T</b>\n\nab' }])).toEqual(['the visible text is not the reply text']);
  });

  it('Discord: unescaped markdown, a mention, a blank field, a ping allowed', () => {
    const msg = (embed: object, mentions: object = { parse: [] }) => ({ embeds: [{ color: 0, ...embed }], files: [], allowed_mentions: mentions }) as unknown as DiscordMessage;
    expect(discordFailures(reply, msg({ title: '*T*' }))).toEqual(['title: unescaped * in "*T*"']);
    expect(discordFailures(reply, msg({ title: 'T', description: 'hi <@1>' }))).toEqual(['description: mention or timestamp syntax in "<@1>"']);
    expect(discordFailures(reply, msg({ title: 'T', fields: [{ name: ' ', value: 'v', inline: false }] }))).toEqual(['field 0 name: blank (Discord refuses it)']);
    expect(discordFailures(reply, msg({ title: 'T' }, { parse: ['everyone'] }))).toEqual(['mentions are allowed']);
  });
});

