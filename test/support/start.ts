/**
 * The start command as `npm start` runs it (scripts/start.js): dist/ when it is built and current,
 * else the sources through tsx. Tests spawn `process.execPath` with these arguments.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const START_SCRIPT = fileURLToPath(new URL('../../scripts/start.js', import.meta.url));

/**
 * The node flags `npm start` runs the bot with, read from package.json's start script
 * (`node [flags] scripts/start.js`): the tests, the benchmarks and the Dockerfile run it the same way.
 */
export const START_NODE_FLAGS: readonly string[] = (() => {
  const start = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const m = /^node((?:\s+--\S+)*)\s+scripts\/start\.js$/.exec(start);
  if (!m) throw new Error(`package.json's start script is not "node [flags] scripts/start.js": ${start}`);
  return m[1]!.split(/\s+/).filter(Boolean);
})();

export const startArgs = (...args: string[]): string[] => [...START_NODE_FLAGS, START_SCRIPT, ...args];


export interface SpawnedBot {
  child: ChildProcess;
  /** The exit code; 128 for a process ended by a signal. */
  exited: Promise<number>;
  stdout(): string;
  stderr(): string;
}

const spawned: ChildProcess[] = [];

/** `npm start` as an operator runs it, with only PATH and HOME from this process's environment. */
export function spawnBot(env: Record<string, string>, opts: { args?: string[]; cwd?: string } = {}): SpawnedBot {
  const child = spawn(process.execPath, startArgs(...(opts.args ?? [])), {
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** For afterAll: whatever a failed test left running. */
export function killSpawnedBots(): void {
  for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
