/**
 * The layering, checked: core/ is pure (no I/O, no clock, no environment, no randomness) and
 * commands/ are platform-neutral (no adapter, no platform library).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

interface Rule {
  what: string;
  pattern: RegExp;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function violations(source: string, file: string, allowImport: (spec: string) => boolean, rules: Rule[]): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!;
    if (!allowImport(spec)) found.push(`${file} imports ${spec}`);
  }
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  for (const r of rules) if (r.pattern.test(code)) found.push(`${file} uses ${r.what}`);
  return found;
}

const PURE_RULES: Rule[] = [
  { what: 'the clock (Date.now)', pattern: /\bDate\.now\s*\(/ },
  { what: 'the clock (new Date())', pattern: /new Date\(\s*\)/ },
  { what: 'the environment (process)', pattern: /\bprocess\./ },
  { what: 'randomness (Math.random)', pattern: /\bMath\.random\s*\(/ },
  { what: 'console output', pattern: /\bconsole\./ },
  { what: 'timers', pattern: /\b(setTimeout|setInterval)\s*\(/ },
  { what: 'the network (fetch)', pattern: /\bfetch\s*\(/ },
];

const insideCore = (spec: string) => spec.startsWith('./') || spec.startsWith('../');
const coreOrCommands = (file: string) => (spec: string) => {
  if (!spec.startsWith('.')) return false;
  const target = join(file, '..', spec);
  return target.startsWith('core/') || target.startsWith('commands/');
};

describe('the layering', () => {
  it('core/ imports nothing but core/, and reads no clock, environment or network', () => {
    const problems = tsFiles('core').flatMap((f) => {
      const allow = (spec: string) => insideCore(spec) && join(f, '..', spec).startsWith('core/');
      return violations(readFileSync(join(ROOT, f), 'utf8'), f, allow, PURE_RULES);
    });
    expect(problems, 'core must stay pure so every signal is testable with plain data').toEqual([]);
  });

  it('commands/ import only core/ and commands/ — never an adapter or a platform library', () => {
    const problems = tsFiles('commands').flatMap((f) =>
      violations(readFileSync(join(ROOT, f), 'utf8'), f, coreOrCommands(f), [
        { what: 'the clock (Date.now)', pattern: /\bDate\.now\s*\(/ },
        { what: 'the environment (process)', pattern: /\bprocess\./ },
      ]),
    );
    expect(problems, 'commands are shared by every platform').toEqual([]);
  });

  it('the checker itself catches what it is meant to catch', () => {
    const bad = `import ccxt from 'ccxt';\nimport { x } from '../bot/app.js';\nconst t = Date.now();\nconst e = process.env.X;`;
    const allow = (spec: string) => insideCore(spec) && join('core/a.ts', '..', spec).startsWith('core/');
    expect(violations(bad, 'core/a.ts', allow, PURE_RULES)).toEqual([
      'core/a.ts imports ccxt',
      'core/a.ts imports ../bot/app.js',
      'core/a.ts uses the clock (Date.now)',
      'core/a.ts uses the environment (process)',
    ]);
    expect(violations(`// Date.now() in a comment is fine\nimport type { A } from './types.js';`, 'core/b.ts', allow, PURE_RULES)).toEqual([]);
  });
});
