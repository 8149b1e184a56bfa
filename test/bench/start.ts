/**
 * Start: the real start command as an operator runs it (`npm start`, which runs dist/), against the
 * fakes on 127.0.0.1:
 * - `--once "/help"`;
 * - `--once "/basis BTC"` on a warm database (history already stored by a first run; the live quote
 *   from the fake Binance through EXCHANGE_PROXY_URL, as in test/cli/once.test.ts);
 * - a bot with Telegram and Discord connected, left idle: its RSS once settled, and its peak.
 * Times are medians of RUNS starts, wall clock and CPU (user + sys, npm included); RSS is the
 * largest process's. dist/ is rebuilt first when a source is newer than it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAY_MS } from '../../core/calendar.js';
import { staleReason } from '../../scripts/start.js';
import { START_NODE_FLAGS, startArgs } from '../support/start.js';
import { BOT_TOKEN } from '../discord/harness.js';
import { startFakeExchange } from '../fakes/fakeExchange.js';
import { FakeDiscord } from '../fakes/fakeDiscord.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = Number(process.env['BENCH_START_RUNS'] ?? 5);
const IDLE_SECONDS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 20);
const LAST_FUTURES_DAY = Date.parse('2026-07-31T00:00:00Z');
const TIME = '/usr/bin/time'; // GNU time: CPU and max RSS of the command and what it waited for
const APPLICATION_ID = '1200000000000000001'; // the fake Discord's

interface Sample {
  wallMs: number;
  cpuMs: number | null;
  maxRssMb: number | null;
}

/** `npm start -- …` exactly; npm_execpath is npm's own script when the bench runs under npm. */
function npmStart(args: string[]): [string, string[]] {
  const npm = process.env['npm_execpath'];
  const start = ['start', '--silent', '--', ...args];
  return npm && npm.endsWith('.js') ? [process.execPath, [npm, ...start]] : ['npm', start];
}

/** Run in the repository, as `npm start` is; the database and GNU time's report go to `dir`. */
function timed(command: [string, string[]], env: Record<string, string>, dir: string): Promise<Sample> {
  const out = join(dir, 'time.txt');
  const withTime = existsSync(TIME);
  const [cmd, args] = withTime ? [TIME, ['-o', out, '-f', '%U %S %M', command[0], ...command[1]]] : command;
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const wallMs = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${command[1].join(' ')} exited ${code}: ${err.slice(-1000)}`));
      if (!withTime) return resolve({ wallMs, cpuMs: null, maxRssMb: null });
      const [user, sys, rssKb] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
      resolve({ wallMs, cpuMs: (user! + sys!) * 1000, maxRssMb: rssKb! / 1024 });
    }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function describe(label: string, samples: Sample[], target: string): string {
  const wall = median(samples.map((s) => s.wallMs));
  const cpu = samples[0]!.cpuMs === null ? '' : ` (CPU ${(median(samples.map((s) => s.cpuMs!)) / 1000).toFixed(2)} s)`;
  const rss = samples[0]!.maxRssMb === null ? '' : `, max RSS ${Math.max(...samples.map((s) => s.maxRssMb!)).toFixed(0)} MB`;
  return `${label.padEnd(34)} ${(wall / 1000).toFixed(2)} s${cpu}${rss} — median of ${samples.length}, target ${target}`;
}

async function series(command: [string, string[]], env: Record<string, string>, dir: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await timed(command, env, dir));
  return samples;
}

const statusKb = (pid: number, field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

/** The bot serving both platforms, idle: RSS sampled each second once both are connected. */
async function idle(env: Record<string, string>): Promise<{ rssMb: number; peakMb: number; readyMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, startArgs(), { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const connected = new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d;
      if (err.includes('telegram bot started') && err.includes('discord ready')) resolve(performance.now() - t0);
    });
    void exited.then((code) => reject(new Error(`the bot exited ${code} before both platforms connected: ${err.slice(-1500)}`)));
  });
  try {
    const readyMs = await connected;
    let rss = 0;
    for (let s = 0; s < IDLE_SECONDS; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      rss = statusKb(child.pid!, 'VmRSS');
    }
    const peak = statusKb(child.pid!, 'VmHWM');
    return { rssMb: rss / 1024, peakMb: peak / 1024, readyMs };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function benchStart(): Promise<string[]> {
  const lines: string[] = [];
  const stale = staleReason(ROOT);
  if (stale) {
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
    if (staleReason(ROOT)) throw new Error(`could not build dist/: ${build.stdout}${build.stderr}`);
    lines.push(`(${stale}: dist/ rebuilt first)`);
  }
  const now = Date.now();
  const exchange = await startFakeExchange(now, { shiftDays: Math.ceil((now - LAST_FUTURES_DAY) / DAY_MS / 7) * 7 });
  const telegram = await FakeTelegram.start({ record: false });
  const discord = await FakeDiscord.start();
  const dir = mkdtempSync(join(tmpdir(), 'basisbot-bench-start-'));
  const env = { EXCHANGE_PROXY_URL: exchange.proxyUrl, DATABASE_URL: `file:${join(dir, 'bot.db')}` };
  try {
    await timed(npmStart(['--once', '/basis BTC']), env, dir); // stores the history: the database is warm from here on
    lines.push(describe('npm start -- --once "/help"', await series(npmStart(['--once', '/help']), env, dir), '< 1 s'));
    lines.push(describe('npm start -- --once "/basis BTC"', await series(npmStart(['--once', '/basis BTC']), env, dir), '< 1.5 s (warm database)'));
    const direct = await series([process.execPath, startArgs('--once', '/help')], env, dir);
    lines.push(describe(['node', ...START_NODE_FLAGS, 'scripts/start.js --once "/help"'].join(' '), direct, 'npm itself is the difference'));
    const platforms = {
      ...env,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_BASE: discord.apiBase,
    };
    const r = await idle(platforms);
    lines.push(
      `idle with Telegram and Discord connected: RSS ${r.rssMb.toFixed(0)} MB after ${IDLE_SECONDS} s (peak ${r.peakMb.toFixed(0)} MB; both connected ${(r.readyMs / 1000).toFixed(1)} s after start), target < 150 MB`,
    );
  } finally {
    await Promise.allSettled([telegram.close(), discord.close(), exchange.close()]);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const l of await benchStart()) console.log(l); // npx tsx test/bench/start.ts
