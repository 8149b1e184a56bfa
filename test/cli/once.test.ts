/**
 * `npm start -- --once "/basis BTC"` as a script or cron job runs it: the real composition root,
 * real ccxt against the fake Binance, a SQLite file, the system clock. The fake's record is moved
 * forward to end today (by whole weeks, so the quarterly calendar stays true).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../core/calendar.js';
import { startFakeExchange, type FakeExchange } from '../fakes/fakeExchange.js';
import { startArgs } from '../support/start.js';

const LAST_FUTURES_DAY = Date.parse('2026-07-31T00:00:00Z');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function once(text: string, env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      startArgs('--once', text),
      { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm start -- --once', () => {
  let fake: FakeExchange;
  let cwd: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const now = Date.now();
    const shiftDays = Math.ceil((now - LAST_FUTURES_DAY) / DAY_MS / 7) * 7;
    fake = await startFakeExchange(now, { shiftDays });
    cwd = mkdtempSync(join(tmpdir(), 'basisbot-once-'));
    env = { EXCHANGE_PROXY_URL: fake.proxyUrl, DATABASE_URL: `file:${join(cwd, 'bot.db')}` };
  });
  afterAll(async () => fake?.close());

  it('prints one /basis reply on stdout, saves the chart, and exits 0', async () => {
    const r = await once('/basis BTC', env, cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout, 'the badge states the measured hit rate').toMatch(/^BTC basis {2}\[(Bullish|Neutral|Bearish) · \d+% hit rate, (only )?[\d,]+ cases?\]\n/);
    expect(r.stdout).toMatch(/\nSpot: [\d,]+ USDT\n/);
    expect(r.stdout).toMatch(/\nFunding: [+−]\d\.\d{4}% per 8h · /);
    expect(r.stdout, 'venue and reference price are stated').toMatch(/\nVenue: binance · reference: binance spot last price · as of /);
    const chart = join(cwd, 'data/charts/btc-basis.png');
    expect(r.stdout).toContain(`Chart: ${chart}`);
    expect(existsSync(chart)).toBe(true);
    for (const line of r.stderr.split('\n').filter(Boolean)) {
      expect(() => JSON.parse(line), 'stderr carries only structured log lines').not.toThrow();
    }
  });

  it('a second run reads the stored history instead of refetching it', async () => {
    fake.resetCounts();
    const r = await once('/brief BTC', env, cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\[(Bullish|Neutral|Bearish) · \d+% hit rate, (only )?[\d,]+ cases?\]/);
    expect(fake.count('/api/v3/klines'), 'spot history is already in the SQLite file').toBe(0);
  });

  it('answers for an asset with a perpetual but no quarterly, saying there is no dated basis', async () => {
    const r = await once('/basis XRP', env, cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('\nBasis (annualized): no live dated contract\n');
    expect(r.stdout).toMatch(/\nFunding: [+−]\d\.\d{4}% per 8h · /);
    expect(r.stdout, 'no contract table without contracts').not.toContain('Contract ');
    expect(r.stdout).toMatch(/no basis data/);
  });

  it('exits 1 with a one-line reason on stderr for an unknown asset', async () => {
    const r = await once('/basis DOGE', env, cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^basisbot: I don't know the asset "DOGE"\. Assets with spot and futures here: BTC, ETH, XRP\.$/);
  });

  it('with no network says which venue failed and what to configure — never a stack trace', async () => {
    const r = await once('/basis', { ...env, EXCHANGE_PROXY_URL: 'http://127.0.0.1:9/', EXCHANGE_TIMEOUT_MS: '2000' }, cwd);
    expect(r.code).toBe(1);
    const reason = r.stderr.trim().split('\n').at(-1)!;
    expect(reason).toMatch(/^basisbot: Market data is unavailable right now: could not reach binance/);
    expect(reason).toMatch(/EXCHANGES=.*EXCHANGE_PROXY_URL/);
    expect(r.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
  });
});
