/**
 * The start command as `npm start` runs it (scripts/start.js): dist/ when it is built and current,
 * else the sources through tsx. Tests spawn `process.execPath` with these arguments.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const START_SCRIPT = fileURLToPath(new URL('../../scripts/start.js', import.meta.url));

export const startArgs = (...args: string[]): string[] => [START_SCRIPT, ...args];


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
