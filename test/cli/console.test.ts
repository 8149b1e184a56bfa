/**
 * The console chat as a newcomer meets it: `npm start` with no platform token reads commands line
 * by line, answers each in order, and stops at the end of input.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startArgs } from '../support/start.js';

function chat(input: string, cwd = mkdtempSync(join(tmpdir(), 'basisbot-console-')), database: string | null = 'memory:'): Promise<{ code: number; stdout: string; stderr: string }> {
  // No exchange is reachable: a closed local port stands in for "no network".
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, EXCHANGE_PROXY_URL: 'http://127.0.0.1:9/', EXCHANGE_TIMEOUT_MS: '2000', ...(database === null ? {} : { DATABASE_URL: database }) };
  const child = spawn(process.execPath, startArgs(), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr })));
}

describe('the console chat', () => {
  it('answers every line in order, the slash optional, and exits 0 at the end of input', async () => {
    const r = await chat('/help\nsettings\n/basis DOGE-USD\n');
    expect(r.code).toBe(0);
    const help = r.stdout.indexOf('basisbot — commands');
    const settings = r.stdout.indexOf('Settings for this chat');
    const refusal = r.stdout.indexOf('"DOGE-USD" is not an asset symbol');
    expect(help, 'the help is shown').toBeGreaterThan(0);
    expect(settings, 'then the settings').toBeGreaterThan(help);
    expect(refusal, 'then the refusal of a malformed asset').toBeGreaterThan(settings);
    expect(r.stderr, 'a session with commands needs no hint').not.toMatch(/no platform token/);
  });

  it('with no network, /basis says which venue failed and what to configure', async () => {
    const r = await chat('/basis\n');
    expect(r.stdout).toMatch(/Market data is unavailable right now: could not reach binance .*EXCHANGE_PROXY_URL/);
    expect(r.stdout + r.stderr, 'never a stack trace').not.toMatch(/\n\s+at /);
  });

  it('in a fresh checkout, with the default database, creates data/ and answers', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'basisbot-fresh-'));
    const r = await chat('/help\n', cwd, null);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('basisbot — commands');
    expect(existsSync(join(cwd, 'data/basisbot.db')), 'the SQLite file is made under data/').toBe(true);
  });

  it('with neither a token nor any input, tells the operator what to set', async () => {
    const r = await chat('');
    expect(r.stderr).toMatch(/set TELEGRAM_BOT_TOKEN or DISCORD_TOKEN/);
  });
});
