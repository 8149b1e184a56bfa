/**
 * The scenario: the seed-like flip of February 2026 (the fixture market's real Binance
 * data; the basis went negative on the 6th) with a week of rising net inflows to exchanges and a
 * cooling leverage ratio, read from the fake Coin Metrics API by the real provider and written
 * into /brief and /basis. test/fakes/coinmetrics/scenario.ts works the figures out by hand.
 * Then the same day with Coin Metrics failing, and with its data gone stale.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildBrief } from '../../commands/brief.js';
import { basisCommand } from '../../commands/basis.js';
import type { CommandDeps } from '../../commands/types.js';
import type { Market } from '../../core/ports.js';
import type { Reply } from '../../commands/reply.js';
import { flipOpenInterest, flipRows } from '../fakes/coinmetrics/scenario.js';
import { startFakeCoinMetrics, type FakeCoinMetrics } from '../fakes/fakeCoinMetrics.js';
import { createTestDeps } from '../support/app.js';
import { harness } from './harness.js';

const NOW = '2026-02-11T09:00:00Z';

const FLOWS =
  'Flows to exchanges have surged: net inflows of 31,200 BTC ($2.16B) over seven days, the largest in 11 months — coins readied for sale.';
const SPIKE = 'A daily inflow spike stands out: 56,100 BTC reached exchanges on 5 February 2026, 2.2 times the median day of the 90 before.';
const RATIO =
  'The futures leverage ratio (open interest ÷ coins on exchanges) is cooling back toward the low end of its year: 0.037, from 0.046 a month ago (−6.9% in the last seven days).';
const PROVENANCE =
  'flows: Coin Metrics (as of 2026-02-10) · leverage ratio: binance open interest ÷ coins on all exchanges Coin Metrics tracks, not a per-exchange ratio · Coin Metrics community data: CC BY-NC 4.0';

/**
 * The fixture market has no open interest for early 2026; a bot that has run for a year has it in
 * its history, from the same daily snapshots the ratio reads. So the market's readings carry the
 * stored coins at the day's close, and the note's open-interest sentence agrees with the ratio.
 */
function withStoredOpenInterest(market: Market): Market {
  const coins = new Map(flipOpenInterest().map((p) => [p.day, p.value]));
  return {
    ...market,
    history: async (asset, days) =>
      (await market.history(asset, days)).map((r) => ({ ...r, openInterestUsd: coins.has(r.day) ? coins.get(r.day)! * r.spot : r.openInterestUsd })),
  };
}

let fake: FakeCoinMetrics;
beforeEach(async () => {
  fake = await startFakeCoinMetrics(Date.parse(NOW));
  fake.setRows('btc', flipRows());
});
afterEach(() => fake.close());

async function depsAt(now: string): Promise<CommandDeps & { logger: { entries: { level: string; msg: string }[] } }> {
  const deps = await createTestDeps({ now });
  fake.now = Date.parse(now);
  await deps.store.history.putHistory(flipOpenInterest());
  const h = harness(fake, { now, clock: deps.clock, store: deps.store, logger: deps.logger });
  return { ...deps, market: withStoredOpenInterest(deps.market), onChain: h.provider };
}
const ctx = { destination: { platform: 'console' as const, chatId: 't' }, chatKind: 'private' as const, isAdmin: async () => true, now: Date.parse(NOW) };

describe('GIVEN the February 2026 flip with a week of rising net inflows and a cooling leverage ratio', () => {
  let brief: Reply;
  let deps: Awaited<ReturnType<typeof depsAt>>;
  beforeEach(async () => {
    deps = await depsAt(NOW);
    brief = await buildBrief('BTC', deps);
  });

  it('THEN the note names both, in the seed’s spirit, with the figures worked out by hand', () => {
    const paragraph = brief.paragraphs[0]!;
    expect(paragraph, 'the surge, its size in coins and dollars, and its rank').toContain(FLOWS);
    expect(paragraph, 'the crash day’s inflow, named as a spike').toContain(SPIKE);
    expect(paragraph, '“the futures leverage ratio cooling back toward …”').toContain(RATIO);
    expect(paragraph.indexOf(FLOWS), 'after the open-interest sentence, before spot').toBeGreaterThan(paragraph.indexOf('Open interest is'));
    expect(paragraph, 'the ratio has a feed now').not.toContain('With no leverage-ratio feed');
    expect(fake.count(), 'one request made the whole note').toBe(1);
  });

  it('THEN the source line says where the flows come from, as of which day, what the ratio is and the licence', () => {
    expect(brief.footer).toBe(`Venue: binance · reference: binance spot last price · as of 2026-02-11 09:00 UTC · ${PROVENANCE}`);
  });

  it('THEN both readings enter the regime on the bearish side', async () => {
    const view = await import('../../commands/market-view.js').then((m) => m.analyzeMarket('BTC', deps));
    const d = Object.fromEntries(view.analysis.regime.drivers.map((x) => [x.key, x]));
    expect(d['flows']!.score, '(0.5 − 364/365) × 2: the year’s second-largest week of inflows').toBeCloseTo(-0.9945, 4);
    expect(d['flows']!.detail).toBe('net inflows to exchanges of 31,200 BTC over 7 days, the largest in 11 months');
    expect(d['leverageRatio']!.score, '−20.5% in 30 days ÷ 25%').toBeCloseTo(-0.8217, 4);
    expect(d['leverageRatio']!.detail).toBe('leverage ratio 0.037, −20.5% over 30 days');
    expect(view.analysis.regime.label).toBe('Bearish');
  });

  it('THEN /basis shows them as fields', async () => {
    const r = await basisCommand.execute({ asset: 'BTC' }, ctx, deps);
    expect(r.fields.slice(-2)).toEqual([
      { name: 'Exchange flows, 7 days', value: '31,200 BTC ($2.16B) net inflow · the largest in 11 months · inflow spike 56,100 BTC on 2026-02-05' },
      { name: 'Leverage ratio (OI ÷ exchange coins)', value: '0.037 · 7d −6.9% · 30d −20.5% · the low end of its year' },
    ]);
    expect(r.footer).toContain(PROVENANCE);
  });
});

describe('GIVEN the same day with Coin Metrics failing', () => {
  it('THEN the note is written without the two readings and says they are missing', async () => {
    const ok = await buildBrief('BTC', await depsAt(NOW));
    fake.fault({ kind: 'status', status: 500 });
    const deps = await depsAt(NOW);
    const r = await buildBrief('BTC', deps);
    const missing = 'Exchange flows and the leverage ratio are missing: Coin Metrics did not answer.';
    expect(r.tone, 'the reply is still a note').toBe('bearish');
    expect(r.paragraphs[0]).toContain(missing);
    expect(r.paragraphs[0]).not.toMatch(/surged|spike|leverage ratio \(/);
    expect(
      r.paragraphs[0]!.replace(` ${missing}`, ''),
      'everything else is the note as it would be with them: nothing invented, nothing else lost',
    ).toBe(ok.paragraphs[0]!.replace(` ${FLOWS} ${SPIKE} ${RATIO}`, ''));
    expect(r.footer).toBe('Venue: binance · reference: binance spot last price · as of 2026-02-11 09:00 UTC · flows: Coin Metrics (missing) · Coin Metrics community data: CC BY-NC 4.0');
    expect(deps.logger.entries.filter((e) => e.level === 'warn').map((e) => e.msg)).toEqual([
      'Coin Metrics refresh failed (did not answer); notes leave out what is not stored',
    ]);
    const basis = await basisCommand.execute({ asset: 'BTC' }, ctx, deps);
    expect(basis.fields.at(-1)).toEqual({ name: 'On-chain', value: 'missing: exchange flows, leverage ratio (see /brief)' });
  });
});

describe('GIVEN Coin Metrics stopped publishing after 10 February', () => {
  it('THEN four days later the readings are called stale and not used, never carried forward', async () => {
    const deps = await depsAt('2026-02-14T09:00:00Z');
    const r = await buildBrief('BTC', deps);
    expect(r.paragraphs[0]).toContain(
      "Exchange flows and the leverage ratio are stale: Coin Metrics' latest reading is for 10 February 2026, more than two days old, so they are left out.",
    );
    expect(r.paragraphs[0]).not.toContain('31,200');
    expect(r.footer).toContain('flows: Coin Metrics (stale, last 2026-02-10)');
  });
});
