/** The hardening settings as the config reads them (bot/config.ts); their effect is tested in test/commands. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.js';

describe('COMMAND_RATE_PER_MINUTE and DEFAULT_ASSET', () => {
  it('the rate limit defaults to 10 a minute; 0 turns it off; a negative or fractional one is refused', () => {
    expect(loadConfig({}).commandRatePerMinute).toBe(10);
    expect(loadConfig({ COMMAND_RATE_PER_MINUTE: '0' }).commandRatePerMinute).toBe(0);
    expect(() => loadConfig({ COMMAND_RATE_PER_MINUTE: '-1' })).toThrow(/COMMAND_RATE_PER_MINUTE/);
    expect(() => loadConfig({ COMMAND_RATE_PER_MINUTE: '2.5' })).toThrow(/COMMAND_RATE_PER_MINUTE/);
  });

  it('the default asset is an asset symbol: it is printed in every reply title, so markup is refused at start', () => {
    expect(loadConfig({ DEFAULT_ASSET: ' eth ' }).defaultAsset).toBe('ETH');
    expect(() => loadConfig({ DEFAULT_ASSET: '<b>*BTC*</b>' })).toThrow(/DEFAULT_ASSET: letters and digits/);
  });
});
