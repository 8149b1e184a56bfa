/**
 * The README promises what the code does: its scoring table is the one in core/regime/weights.ts,
 * and every variable the config reads is documented there and in .env.example.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../commands/registry.js';
import { alertRulesTable } from '../core/alerts/index.js';
import { scoringTable } from '../core/analysis.js';

const read = (f: string) => readFileSync(new URL(`../${f}`, import.meta.url), 'utf8');
const readme = read('README.md');

describe('the README', () => {
  it('shows the scoring table exactly as the code weighs the drivers', () => {
    const table = /<!-- scoring-table:start -->\n([\s\S]*?)\n<!-- scoring-table:end -->/.exec(readme)?.[1];
    expect(table, 'change core/regime/weights.ts and paste scoringTable() into the README').toBe(scoringTable());
  });

  it('shows the alert confirmation rules exactly as the watcher applies them', () => {
    const table = /<!-- alert-rules:start -->\n([\s\S]*?)\n<!-- alert-rules:end -->/.exec(readme)?.[1];
    expect(table, 'change core/alerts/thresholds.ts and paste alertRulesTable() into the README').toBe(alertRulesTable());
  });

  it('documents every environment variable the config reads, as does .env.example', () => {
    const vars = [...read('bot/config.ts').matchAll(/^\s{2}([A-Z][A-Z_]+):/gm)].map((m) => m[1]!);
    expect(vars.length).toBeGreaterThan(10);
    const env = read('.env.example');
    for (const v of vars) {
      expect(readme, `README documents ${v}`).toContain(`\`${v}\``);
      expect(env, `.env.example documents ${v}`).toMatch(new RegExp(`^#? ?${v}=`, 'm'));
    }
  });

  it('lists every command', () => {
    for (const c of registry) expect(readme, `README lists /${c.name}`).toContain(`\`/${c.name}`);
  });
});
