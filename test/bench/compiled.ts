/**
 * Bench children run compiled JavaScript, as production does (`npm start` runs dist/): tsx's loader
 * would add its own start time and memory to what they measure. tsconfig.bench.json compiles their
 * entry points with everything they import into node_modules/.cache/basisbot-bench (incrementally),
 * where the fixtures' data folder is linked in.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'node_modules/.cache/basisbot-bench');
let built = false;

/** The compiled path of `entry` (a path under the repository, e.g. test/bench/broadcast/bot.ts). */
export function compiled(entry: string): string {
  if (!built) {
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.bench.json')], { cwd: ROOT, encoding: 'utf8' });
    if (tsc.status !== 0 && process.env['BENCH_VERBOSE']) process.stderr.write(tsc.stdout + tsc.stderr); // type errors still emit
    const data = join(OUT, 'test/fixtures/data');
    if (!existsSync(data)) {
      mkdirSync(dirname(data), { recursive: true });
      symlinkSync(join(ROOT, 'test/fixtures/data'), data);
    }
    built = true;
  }
  const js = join(OUT, entry.replace(/\.ts$/, '.js'));
  if (!existsSync(js)) throw new Error(`${entry} did not compile (tsconfig.bench.json includes it?)`);
  return js;
}
