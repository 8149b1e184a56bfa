/**
 * `npm start` (scripts/start.js) runs the build in dist/ when it is current, and otherwise the
 * sources through tsx, saying so — never yesterday's code. Checked on a copy of the launcher in a
 * folder of its own, where "the bot" is one line that says which file ran.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { staleReason } from '../../scripts/start.js';
import { START_NODE_FLAGS, START_SCRIPT } from '../support/start.js';

const run = promisify(execFile);
const NODE_MODULES = join(START_SCRIPT, '../../node_modules');

/** A project with a build (dist/bot/main.js) and its source (bot/main.ts), the build the newer. */
function project({ withTsx }: { withTsx: boolean }): string {
  const root = mkdtempSync(join(tmpdir(), 'basisbot-launcher-'));
  for (const dir of ['scripts', 'bot', 'dist/bot']) mkdirSync(join(root, dir), { recursive: true });
  copyFileSync(START_SCRIPT, join(root, 'scripts/start.js'));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }');
  const said = (who: string) => `console.log('${who}', JSON.stringify(process.argv.slice(2)), process.argv[1].endsWith('main.${who === 'dist' ? 'js' : 'ts'}'));\n`;
  writeFileSync(join(root, 'bot/main.ts'), said('sources'));
  writeFileSync(join(root, 'dist/bot/main.js'), said('dist'));
  writeFileSync(join(root, 'dist/.tsbuildinfo'), '{}');
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'bot/main.ts'), past, past);
  if (withTsx) symlinkSync(NODE_MODULES, join(root, 'node_modules'));
  return root;
}

/** A second ahead, so it is newer than a file written this same millisecond. */
const touch = (file: string) => utimesSync(file, new Date(Date.now() + 1000), new Date(Date.now() + 1000));

describe('the start script', () => {
  it('runs dist/ when no source is newer than the build, with the arguments and as the entry itself', async () => {
    const root = project({ withTsx: false });
    expect(staleReason(root)).toBeNull();
    const { stdout, stderr } = await run(process.execPath, [join(root, 'scripts/start.js'), '--once', '/help']);
    expect(stdout).toBe('dist ["--once","/help"] true\n');
    expect(stderr, 'a current build starts silently').toBe('');
  });

  it('runs the sources through tsx when one changed since the build, and says so in one JSON log line', async () => {
    const root = project({ withTsx: true });
    touch(join(root, 'bot/main.ts'));
    expect(staleReason(root)).toBe('bot/main.ts changed since the last build');
    const { stdout, stderr } = await run(process.execPath, [join(root, 'scripts/start.js'), '--once', '/help']);
    expect(stdout, 'never the stale build').toBe('sources ["--once","/help"] true\n');
    const line = JSON.parse(stderr.trim()) as { level: string; msg: string };
    expect(line.level).toBe('warn');
    expect(line.msg).toMatch(/^bot\/main\.ts changed since the last build: running the sources through tsx .*npm run build/);
  });

  it('without a build and without tsx (production dependencies only) exits 1 saying what to run', async () => {
    const root = project({ withTsx: false });
    rmSync(join(root, 'dist'), { recursive: true });
    expect(staleReason(root)).toBe('dist/ is not built');
    const err = await run(process.execPath, [join(root, 'scripts/start.js')]).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1, stderr: 'basisbot: dist/ is not built and tsx is not installed to run the sources: run npm run build\n' });
  });

  it('runs another entry point with --entry, which it does not pass on', async () => {
    const root = project({ withTsx: false });
    writeFileSync(join(root, 'dist/bot/deploy.js'), "console.log('deploy', JSON.stringify(process.argv.slice(2)));\n");
    touch(join(root, 'dist/.tsbuildinfo'));
    const { stdout } = await run(process.execPath, [join(root, 'scripts/start.js'), '--entry', 'bot/deploy', '--dry']);
    expect(stdout).toBe('deploy ["--dry"]\n');
  });
});

describe('the node flags', () => {
  it('are the same for npm start and for the Docker image', () => {
    // --optimize-for-size: the broadcast bench's peak RSS target (< 200 MB) is met with it and not without.
    expect(START_NODE_FLAGS).toContain('--optimize-for-size');
    const dockerfile = readFileSync(join(START_SCRIPT, '../../Dockerfile'), 'utf8');
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(entrypoint, 'the Dockerfile has an exec-form ENTRYPOINT').toBeDefined();
    expect(JSON.parse(entrypoint!)).toEqual(['node', ...START_NODE_FLAGS, 'dist/bot/main.js']);
  });
});
