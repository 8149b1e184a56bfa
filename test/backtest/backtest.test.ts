/**
 * `npm run backtest` itself on the bundled history: quick, both periods printed, the prior strength
 * it reports chosen the way the bot's is, the chart written, and the README quoting what it prints.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRIOR_CASES } from '../../core/replay/calibration.js';
import { runBacktest } from './run.js';

describe('npm run backtest, on the bundled real history', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  for (const asset of ['BTC', 'ETH'] as const) {
    it(`${asset}: runs in well under a minute, prints 2021–2023 and 2024–2026 apart, and the README quotes it as printed`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'basisbot-backtest-'));
      const r = runBacktest({ asset, png: join(dir, 'chart.png') });
      expect(r.ms, 'the issue asks for under a minute per asset').toBeLessThan(60_000);
      const text = r.lines.join('\n');
      expect(text).toMatch(/\n2021–2023 \(in sample[^\n]*\n/);
      expect(text).toMatch(/\n2024–2026 \(out of sample\): 2024-01-01 to /);
      expect(text, 'the prior strength the bot uses is the one chosen on 2021–2023').toContain(`The smallest prior within 0.001 of the best on both: ${PRIOR_CASES}, as the bot uses`);
      expect(existsSync(r.pngPath!), 'the chart is written').toBe(true);
      expect([...readFileSync(r.pngPath!).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      const quoted = new RegExp(`<!-- backtest-${asset.toLowerCase()}:start -->\\n\`\`\`text\\n([\\s\\S]*?)\\n\`\`\`\\n<!-- backtest-${asset.toLowerCase()}:end -->`).exec(readme)?.[1];
      expect(quoted, `paste the output of npm run backtest -- --asset ${asset} into the README`).toBe(text);
    });
  }
});
