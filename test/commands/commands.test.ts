/**
 * The commands through the dispatcher, as every adapter calls them: the real in-memory store, the
 * fixture market (real Binance history and the CME dated basis to 2026-02-12, where it stays on a
 * later clock) and the real chart renderer.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../commands/dispatch.js';
import type { OnChainInput } from '../../core/analysis.js';
import { MarketUnavailableError, OnChainUnavailableError } from '../../core/errors.js';
import type { Market, OnChainProvider } from '../../core/ports.js';
import { flipOnChainInput } from '../fakes/coinmetrics/scenario.js';
import { snapshotFields } from '../../commands/basis.js';
import { createTestDeps } from '../support/app.js';
import { context, run } from './run.js';

const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('/basis', () => {
  it('shows spot, the annualized basis, the perpetual, funding, each dated contract, the label and the chart', async () => {
    const r = await run('/basis BTC');
    const field = (name: string) => r.fields.find((f) => f.name === name)?.value;
    expect(field('Spot'), 'the 2026-02-12 Binance spot close was 66,272.17').toBe('66,272 USDT');
    // The last CME basis: MBTH6 closed at 66,570 on 2026-02-12 (2,074 contracts), 42.67 days before its
    // 2026-03-27 16:00 UTC settlement: (66,570 / 66,272.17 − 1) × 365 / 42.6667 = 3.84%. The tenor is whole.
    expect(field('Basis (annualized)')).toBe('+3.84% (90-day, interpolated BTC-260925 / BTC-261225)');
    expect(field('Perpetual'), 'mark = perp close 66,243.1, index = spot').toBe('mark 66,243 · index 66,272 · premium −0.044%');
    expect(field('Funding'), 'the real last rate of 2026-02-12 (−0.00001728 per 8h)').toBe('−0.0017% per 8h · −1.89% APR · next 2026-08-01 16:00 UTC');
    expect(r.table?.rows.map((row) => row[0])).toEqual(['BTC-260925', 'BTC-261225']);
    expect(r.badge, 'the label with its measured hit rate on the replayed history').toMatch(/^(Bullish|Neutral|Bearish) · \d+% hit rate, (only )?[\d,]+ cases?$/);
    expect(r.tone).toBe(r.badge!.split(' ')[0]!.toLowerCase());
    expect([...r.image!.png.slice(0, 4)], 'the chart is a PNG').toEqual(PNG);
    expect(r.footer, 'every reply names its venue and reference price').toBe(
      'Venue: binance · reference: binance spot last price · as of 2026-08-01 09:00 UTC',
    );
  });

  it('prints the tenor in whole days even when venue averaging leaves a float (90.00000000000001)', async () => {
    const deps = await createTestDeps({ now: '2026-02-06T12:00:00Z' });
    const s = await deps.market.snapshot('BTC');
    const headline = { ...s.headline!, tenorDays: 90.00000000000001 };
    const basis = snapshotFields({ ...s, headline }).find((f) => f.name === 'Basis (annualized)')!.value;
    expect(basis, 'a float printed raw reads as a bug').toMatch(/^[+−]\d+\.\d\d% \(90-day, interpolated BTC-260327 \/ BTC-260626\)$/);
  });

  it('answers an unknown asset with the list of valid ones', async () => {
    const r = await run('/basis DOGE');
    expect(r.tone).toBe('error');
    expect(r.paragraphs[0]).toBe('I don\'t know the asset "DOGE". Assets with spot and futures here: BTC, ETH.');
  });

  it.each([
    ['/basis BTC ETH', /Too many arguments/],
    ['/basis BTC-PERP', /not an asset symbol/],
  ])('refuses %s with a clear message and an example', async (text, message) => {
    const r = await run(text);
    expect(r.tone).toBe('error');
    expect(r.paragraphs[0]).toMatch(message);
    expect(r.paragraphs[1]).toBe('Example: /basis ETH');
  });

  it('says which venue failed and what to configure when the market is down — no stack trace', async () => {
    const down: Market = {
      knownAssets: async () => ['BTC'],
      snapshot: async () => {
        throw new MarketUnavailableError([{ venue: 'binance', reason: 'network unreachable' }]);
      },
      history: async () => [],
    };
    const deps = await createTestDeps({ market: down });
    const r = await run('/basis', context(), deps);
    expect(r.tone).toBe('error');
    expect(r.paragraphs.join(' ')).toBe(
      'Market data is unavailable right now: could not reach binance (network unreachable). Set EXCHANGES to another venue (e.g. EXCHANGES=okx,bybit) or EXCHANGE_PROXY_URL to a proxy, then try again.',
    );
    expect(deps.logger.entries.map((e) => e.level)).toEqual(['info']);
  });
});

describe('/brief', () => {
  it('writes the note: headline, paragraph, rationale, what would change the view, and the chart', async () => {
    const r = await run('/brief ETH');
    expect(r.title).toMatch(/^Ether(eum)? /);
    expect(r.paragraphs.length, 'paragraph, measured confidence, rationale, change-of-view, context').toBeGreaterThanOrEqual(4);
    expect(r.paragraphs[1], 'what the replayed history says about calls like this one').toMatch(/^(Bullish|Neutral|Bearish) — in the replayed history, .* an estimated \d+% of the time, (but )?over (only )?[\d,]+ cases?\./);
    expect(r.paragraphs[2], 'the rationale opens with the label').toMatch(/^(Bullish|Neutral|Bearish)[:.]/);
    expect(r.paragraphs[3]).toMatch(/would/);
    expect(r.image?.filename).toBe('eth-basis.png');
  });
});

describe('optional on-chain data (the real provider against the fake Coin Metrics: test/onchain/)', () => {
  // A provider in ten lines: the February 2026 scenario's series, as the store would hold it.
  const { series } = flipOnChainInput() as Extract<OnChainInput, { ok: true }>;
  const provider = (exchangeSeries: OnChainProvider['exchangeSeries']): OnChainProvider => ({ source: 'Coin Metrics', attribution: null, exchangeSeries });
  const FLIP = '2026-02-11T09:00:00Z';

  it('GIVEN a provider THEN the note reports the exchange flows and says where they come from', async () => {
    const deps = { ...(await createTestDeps({ now: FLIP })), onChain: provider(async () => series) };
    const r = await run('/brief', context(), deps);
    expect(r.paragraphs[0]).toContain('net inflows of 31,200 BTC ($2.16B) over seven days');
    expect(r.paragraphs[0], 'no open interest stored in this store').toContain('The leverage ratio is missing: no open interest is stored for the days Coin Metrics covers.');
    expect(r.footer).toMatch(/ · flows: Coin Metrics \(as of 2026-02-10\)$/);
  });

  it('GIVEN no provider THEN leverage is judged from open interest and flows are never mentioned', async () => {
    const r = await run('/brief');
    expect(r.paragraphs.join(' ')).not.toMatch(/flow/i);
    expect(r.paragraphs[0]).toMatch(/leverage/);
  });

  it('GIVEN a provider that breaks THEN the brief is still written, names the readings as missing, and the failure is logged', async () => {
    const deps = { ...(await createTestDeps({ now: FLIP })), onChain: provider(async () => Promise.reject(new Error('provider down'))) };
    const r = await run('/brief', context(), deps);
    expect(r.tone).not.toBe('error');
    expect(r.paragraphs[0]).toContain('Exchange flows and the leverage ratio are missing: Coin Metrics failed.');
    expect(deps.logger.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: { source: 'Coin Metrics', asset: 'BTC', err: 'provider down' } }),
    );
  });

  it('GIVEN a provider that is down THEN the note says so and the command logs nothing (the provider logs its outage once)', async () => {
    const deps = { ...(await createTestDeps({ now: FLIP })), onChain: provider(async () => Promise.reject(new OnChainUnavailableError('Coin Metrics', 'did not answer'))) };
    const r = await run('/brief', context(), deps);
    expect(r.paragraphs[0]).toContain('Exchange flows and the leverage ratio are missing: Coin Metrics did not answer.');
    expect(deps.logger.entries.filter((e) => e.level === 'warn')).toEqual([]);
  });
});

describe('subscriptions', () => {
  it('GIVEN a group member who is not an admin WHEN they subscribe THEN they are refused and nothing changes', async () => {
    const deps = await createTestDeps();
    const r = await run('/subscribe brief 07:30 Europe/Berlin', context({ isAdmin: async () => false }), deps);
    expect(r.tone).toBe('error');
    expect(r.paragraphs[0]).toMatch(/Only this chat's admins/);
    expect(await deps.store.subscriptions.listBriefs()).toEqual([]);
  });

  it('subscribe → settings shows the next brief in the chat\'s timezone → unsubscribe all clears it', async () => {
    const deps = await createTestDeps();
    const ctx = context();
    const sub = await run('/subscribe brief 07:30 Europe/Berlin BTC ETH', ctx, deps);
    expect(sub.paragraphs[0]).toBe('Every day at 07:30 Europe/Berlin for BTC, ETH. Next: Sun, 2 Aug 2026, 07:30 Europe/Berlin.');
    await run('/subscribe alerts', ctx, deps);
    const settings = await run('/settings', ctx, deps);
    expect(settings.paragraphs).toEqual([
      'Daily brief: Every day at 07:30 Europe/Berlin for BTC, ETH. Next: Sun, 2 Aug 2026, 07:30 Europe/Berlin.',
      'Flip alerts: on for BTC; all kinds on; each kind at most once every 4 hours per asset. See /alerts.',
    ]);
    const un = await run('/unsubscribe all', ctx, deps);
    expect(un.paragraphs[0]).toBe('This chat will no longer get the daily brief or flip alerts.');
    expect(await deps.store.subscriptions.chatSettings(ctx.destination)).toEqual({ brief: null, alerts: null });
  });

  it('refuses to subscribe to an asset the venues do not list', async () => {
    const deps = await createTestDeps();
    const r = await run('/subscribe brief DOGE', context(), deps);
    expect(r.paragraphs[0]).toBe('Unknown asset DOGE. Assets with spot and futures here: BTC, ETH.');
    expect(await deps.store.subscriptions.listBriefs()).toEqual([]);
  });

  it('reads a typed zone abbreviation as the zone, says what a fixed one means, and refuses the ambiguous ones', async () => {
    const deps = await createTestDeps();
    const ctx = context();
    const est = await run('/subscribe brief 07:30 EST', ctx, deps);
    // The clock is 09:00 UTC, 04:00 EST: today's 07:30 is still to come. In August that is 08:30 in New York.
    expect(est.paragraphs[0]).toBe(
      'Every day at 07:30 EST for BTC. Next: Sat, 1 Aug 2026, 07:30 EST. EST is GMT-05:00 all year, without daylight saving; for a city\'s local time, use its zone (like America/New_York).',
    );
    expect((await deps.store.subscriptions.chatSettings(ctx.destination)).brief).toMatchObject({ time: '07:30', timezone: 'EST', assets: ['BTC'] });

    const cet = await run('/subscribe brief 07:30 cet ETH', ctx, deps);
    expect(cet.paragraphs[0], 'CET keeps Central Europe\'s daylight saving: nothing to warn about').toBe('Every day at 07:30 CET for ETH. Next: Sun, 2 Aug 2026, 07:30 CET.');

    // ICU would take BST as Asia/Dhaka and PST as Los Angeles: neither is stored.
    for (const [word, place] of [['BST', 'Europe/London'], ['PST', 'America/Los_Angeles']] as const) {
      const r = await run(`/subscribe brief 06:00 ${word} BTC`, ctx, deps);
      expect(r.tone).toBe('error');
      expect(r.paragraphs).toEqual([
        `"${word}" is an abbreviation, not a time zone: it does not say which place's clock, and daylight saving, to follow. Use the place's zone, such as ${place}.`,
        `Example: /subscribe brief 06:00 ${place} BTC`,
      ]);
    }
    expect((await deps.store.subscriptions.chatSettings(ctx.destination)).brief, 'the refused ones changed nothing').toMatchObject({ time: '07:30', timezone: 'CET' });
  });

  it('takes a zone-like word for the asset of that name when the venues list one', async () => {
    const base = await createTestDeps();
    const deps = { ...base, market: { ...base.market, knownAssets: async () => ['BTC', 'ETH', 'MET'] } };
    const ctx = context();
    const r = await run('/subscribe brief 07:30 MET', ctx, deps);
    expect(r.paragraphs[0]).toBe('Every day at 07:30 UTC for MET. Next: Sun, 2 Aug 2026, 07:30 UTC.');
    const both = await run('/subscribe brief 07:30 Europe/Berlin CET', ctx, deps);
    expect(both.paragraphs[0], 'with a zone given, CET can only be an asset, and there is none').toBe('Unknown asset CET. Assets with spot and futures here: BTC, ETH, MET.');
  });

  it('refuses an unknown timezone with an example of the right form', async () => {
    const r = await run('/subscribe brief 07:30 Mars/Olympus');
    expect(r.tone).toBe('error');
    expect(r.paragraphs.join(' ')).toMatch(/Mars\/Olympus/);
    expect(r.paragraphs.at(-1)).toMatch(/^Example: /);
  });
});

describe('the dispatcher', () => {
  it('answers an unknown command by pointing at /help', async () => {
    const r = await run('/moon');
    expect(r.paragraphs[0]).toBe('Unknown command /moon. Type /help for the list.');
  });

  it('reads /cmd@botname and extra spaces the way Telegram sends them', () => {
    expect(parseCommandText('/brief@basis_bot   eth ')).toEqual({ name: 'brief', tokens: ['eth'] });
    expect(parseCommandText('hello')).toBeNull();
  });

  it('turns an unexpected failure into a short reply and logs it', async () => {
    const broken: Market = {
      knownAssets: async () => ['BTC'],
      snapshot: async () => {
        throw new TypeError('x is undefined');
      },
      history: async () => [],
    };
    const deps = await createTestDeps({ market: broken });
    const r = await run('/brief', context(), deps);
    expect(r.paragraphs[0]).toBe('Something went wrong while running /brief. It has been logged; please try again in a minute.');
    expect(deps.logger.entries[0]).toMatchObject({ level: 'error', msg: 'command failed', fields: { command: 'brief', err: 'TypeError: x is undefined' } });
  });
});
