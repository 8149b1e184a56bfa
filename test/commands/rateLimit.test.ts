/**
 * The per-user command allowance, through the dispatcher every adapter calls: the limiter on its own
 * with a moved clock, then /basis spammed by one user against the fixture market that counts calls.
 */
import { describe, expect, it } from 'vitest';
import { answerCommand, parseCommandText } from '../../commands/dispatch.js';
import { createCommandRateLimiter } from '../../commands/rateLimit.js';
import { registry } from '../../commands/registry.js';
import type { Reply } from '../../commands/reply.js';
import { createFixtureMarket } from '../support/fixtureMarket.js';
import { createTestDeps } from '../support/app.js';
import { context } from './run.js';

describe('the limiter', () => {
  it('GIVEN 3 a minute WHEN one key sends 6 THEN 3 run, the 4th gets the notice, the rest nothing', () => {
    const limit = createCommandRateLimiter(3);
    const verdicts = [0, 1_000, 2_000, 3_000, 4_000, 59_999].map((t) => limit.admit('telegram:1', t).verdict);
    expect(verdicts).toEqual(['run', 'run', 'run', 'notice', 'silent', 'silent']);
  });

  it('a new window opens a minute after the first command of the last one, with a fresh notice', () => {
    const limit = createCommandRateLimiter(1);
    expect(limit.admit('k', 0).verdict).toBe('run');
    expect(limit.admit('k', 10).verdict).toBe('notice');
    expect(limit.admit('k', 60_000).verdict, 'the window is over: answered again').toBe('run');
    expect(limit.admit('k', 60_001).verdict, 'and told once again when over it again').toBe('notice');
    expect(limit.admit('k', 60_002)).toEqual({ verdict: 'silent', resetAt: 120_000 });
  });

  it('keys are independent: one user spamming costs another nothing', () => {
    const limit = createCommandRateLimiter(1);
    limit.admit('discord:1', 0);
    limit.admit('discord:1', 1);
    expect(limit.admit('discord:2', 2).verdict).toBe('run');
    expect(limit.admit('telegram:1', 3).verdict, 'the same id on another platform is another person').toBe('run');
  });
});

describe('the dispatcher', () => {
  async function spam(times: number, over: Parameters<typeof context>[0] = {}) {
    const deps = await createTestDeps();
    const market = createFixtureMarket(deps.clock);
    deps.market = market;
    deps.rateLimit = createCommandRateLimiter(3);
    const replies: (Reply | null)[] = [];
    for (let i = 0; i < times; i++) {
      replies.push(await answerCommand(registry, parseCommandText('/basis BTC')!, context({ userId: '700001', now: deps.clock.now(), ...over }), deps));
      deps.clock.advance(1_000);
    }
    return { replies, market, deps };
  }

  it('GIVEN a limit of 3 WHEN a user sends /basis 8 times in 8 s THEN 3 answers, one notice, then silence, and only 3 market reads', async () => {
    const { replies, market } = await spam(8);
    expect(replies.slice(0, 3).map((r) => r?.title)).toEqual(['BTC basis', 'BTC basis', 'BTC basis']);
    expect(replies[3], 'one short notice saying when it answers again').toMatchObject({
      title: 'Slow down',
      tone: 'warning',
      paragraphs: ['You have sent more than 3 commands in a minute. I will answer you again in 57 s; until then I stay quiet.'],
    });
    expect(replies.slice(4), 'null: the adapter sends nothing').toEqual([null, null, null, null]);
    expect(market.calls, 'a refused command reads nothing from the market').toEqual({ snapshot: 3, history: 3 });
  });

  it('answers again once the minute is over', async () => {
    const { deps } = await spam(5);
    deps.clock.advance(60_000);
    const reply = await answerCommand(registry, parseCommandText('/help')!, context({ userId: '700001', now: deps.clock.now() }), deps);
    expect(reply?.title).toBe('basisbot — commands');
  });

  it('the console (and so --once) is exempt: one person at their own terminal floods nobody', async () => {
    const { replies } = await spam(5, { destination: { platform: 'console', chatId: 'local' } });
    expect(replies.every((r) => r?.title === 'BTC basis')).toBe(true);
  });

  it('a context without a user (the scheduler, a test) is not limited', async () => {
    const { replies } = await spam(5, { userId: undefined });
    expect(replies.every((r) => r?.title === 'BTC basis')).toBe(true);
  });

  it('logs the notice once, with platform, user and chat, and nothing for the silent ones', async () => {
    const { deps } = await spam(6);
    const lines = deps.logger.entries.filter((e) => e.msg.includes('rate limit'));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.fields).toEqual({ platform: 'telegram', user: '700001', chat: '-1001234567890123' });
  });
});
