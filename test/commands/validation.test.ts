/**
 * Every argument is checked before any I/O: lengths first (without echoing the argument), then its
 * shape, then the asset against the market list — and none of it costs a quote or a history read.
 */
import { describe, expect, it } from 'vitest';
import { createTestDeps } from '../support/app.js';
import type { createFixtureMarket } from '../support/fixtureMarket.js';
import { context, run } from './run.js';

async function answer(text: string) {
  const deps = await createTestDeps();
  const reply = await run(text, context(), deps);
  const calls = (deps.market as ReturnType<typeof createFixtureMarket>).calls;
  const stored = await deps.store.subscriptions.chatSettings(context().destination);
  return { reply, calls, stored };
}

describe('refused before any I/O', () => {
  it('a 10,000-character argument gets a short message that does not repeat it', async () => {
    const { reply, calls } = await answer(`/basis ${'<b>&'.repeat(2_500)}`);
    expect(reply.paragraphs).toEqual(['That argument is too long (10,000 characters): each one is at most 64.', 'Example: /basis']);
    expect(calls).toEqual({ snapshot: 0, history: 0 });
  });

  it('10,000 characters of short words are refused as a whole', async () => {
    const { reply, stored } = await answer(`/subscribe alerts ${'BTC '.repeat(2_500)}`);
    expect(reply.paragraphs[0]).toBe('Too many arguments (10,006 characters): /subscribe takes at most 256.');
    expect(stored.alerts, 'nothing stored').toBeNull();
  });

  it('a time that is not HH:MM and a zone that does not exist are refused with nothing stored', async () => {
    for (const text of ['/subscribe brief 24:00', '/subscribe brief 07:30 Mars/Olympus', '/subscribe brief 7:3']) {
      const { reply, stored } = await answer(text);
      expect(reply.title, text).toBe('Sorry');
      expect(stored.brief, text).toBeNull();
    }
  });

  it('an unknown asset is refused from the market list, without a quote or history read', async () => {
    const { reply, calls } = await answer('/brief DOGE');
    expect(reply.paragraphs[0]).toContain('I don\'t know the asset "DOGE"');
    expect(calls).toEqual({ snapshot: 0, history: 0 });
  });
});
