#!/usr/bin/env node
/**
 * `npm start`: runs the bot compiled to dist/ by `npm install` (the prepare script), so a start
 * costs no TypeScript transpiling. When a source file is newer than that build (an edit, a pull),
 * it runs the sources through tsx instead and says so once: never yesterday's code, never a
 * rebuild hidden in the start. `--entry bot/discord/deploy` runs another entry point the same way.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIRS = ['core', 'commands', 'bot'];
/** Written by tsc at the end of every build (tsconfig.build.json), so its time is the build's. */
const BUILD_STAMP = 'dist/.tsbuildinfo';

/** Why dist/ cannot be run as it is (no build, or the first source newer than it), or null. */
export function staleReason(root = ROOT) {
  let built;
  try {
    built = statSync(join(root, BUILD_STAMP)).mtimeMs;
  } catch {
    return 'dist/ is not built';
  }
  for (const dir of SOURCE_DIRS) {
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true, recursive: true });
    } catch {
      continue; // an image ships dist/ without the sources
    }
    for (const e of entries) {
      if (!e.isFile() || !e.name.endsWith('.ts')) continue;
      const file = join(e.parentPath, e.name);
      if (statSync(file).mtimeMs > built) return `${relative(root, file)} changed since the last build`;
    }
  }
  return null;
}

async function run() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--entry');
  const entry = at === -1 ? 'bot/main' : args[at + 1];
  if (at !== -1) args.splice(at, 2);
  const reason = staleReason();
  let file = join(ROOT, 'dist', `${entry}.js`);
  if (reason) {
    let register;
    try {
      ({ register } = await import('tsx/esm/api'));
    } catch {
      process.stderr.write(`basisbot: ${reason} and tsx is not installed to run the sources: run npm run build\n`);
      process.exit(1);
    }
    register();
    file = join(ROOT, `${entry}.ts`);
    // One JSON line, like every other log line on stderr.
    const msg = `${reason}: running the sources through tsx (a slower start); npm run build makes it fast again`;
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg }) + '\n');
  }
  // The entry sees itself as the script being run (deploy.ts checks process.argv[1]).
  process.argv = [process.argv[0], file, ...args];
  await import(pathToFileURL(file).href);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
