import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.js';

describe('configuration', () => {
  it('GIVEN an empty environment THEN the defaults run Binance, SQLite and the console chat', () => {
    const c = loadConfig({});
    expect(c.exchanges).toEqual(['binance']);
    expect(c.databaseUrl, 'undefined means the embedded SQLite file').toBeUndefined();
    expect(c.telegramBotToken ?? c.discordToken, 'no platform token → console chat').toBeUndefined();
    expect(c.briefGraceMinutes).toBe(120);
    expect(c.band, "0–2% annualized: see the README on choosing the band").toEqual([0, 0.02]);
    expect(c.historyDays, 'four years and more: enough to hold the 2021–22 cycle for the analogs').toBe(1500);
  });

  it('reads venues in order of preference, case-insensitively', () => {
    expect(loadConfig({ EXCHANGES: 'OKX, binance,bybit' }).exchanges).toEqual(['okx', 'binance', 'bybit']);
  });

  it('refuses an unknown venue and names the variable', () => {
    expect(() => loadConfig({ EXCHANGES: 'binance,kraken' })).toThrow(/EXCHANGES/);
  });

  it('refuses a proxy that is not a URL', () => {
    expect(() => loadConfig({ EXCHANGE_PROXY_URL: 'not a url' })).toThrow(ConfigError);
  });

  it('needs the application id with a Discord token', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: 'x'.repeat(60) })).toThrow(/DISCORD_APPLICATION_ID/);
  });

  it('never puts a secret in its error message', () => {
    const token = '123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: token, BRIEF_GRACE_MINUTES: 'soon' });
      expect.unreachable('a bad BRIEF_GRACE_MINUTES must be refused');
    } catch (err) {
      expect(String(err)).toMatch(/BRIEF_GRACE_MINUTES/);
      expect(String(err), 'the token must not leak into a startup error').not.toContain(token);
    }
  });

  it('collects the secrets the logger must scrub', () => {
    const c = loadConfig({
      TELEGRAM_BOT_TOKEN: '123456789:tok-tok-tok-tok-tok-tok-tok',
      DATABASE_URL: 'postgres://bot:s3cr3t-pass@127.0.0.1:5432/test',
    });
    expect(c.secrets).toEqual(['123456789:tok-tok-tok-tok-tok-tok-tok', 's3cr3t-pass']);
  });
  it('GIVEN nothing THEN on-chain data is off; ONCHAIN_PROVIDER=coinmetrics turns it on, and the key is a secret', () => {
    expect(loadConfig({}).onChainProvider, 'a third party under a non-commercial licence: off unless asked for').toBeNull();
    const c = loadConfig({ ONCHAIN_PROVIDER: 'coinmetrics', COINMETRICS_API_KEY: 'cm-key-0123456789', COINMETRICS_API_BASE: 'http://127.0.0.1:8083/v4' });
    expect([c.onChainProvider, c.coinMetricsApiKey, c.coinMetricsApiBase]).toEqual(['coinmetrics', 'cm-key-0123456789', 'http://127.0.0.1:8083/v4']);
    expect(c.secrets, 'the logger scrubs the Pro key').toContain('cm-key-0123456789');
    expect(loadConfig({ ONCHAIN_PROVIDER: '' }).onChainProvider, 'an empty value is unset').toBeNull();
    expect(() => loadConfig({ ONCHAIN_PROVIDER: 'glassnode' }), 'an unknown provider is refused by name').toThrow(/ONCHAIN_PROVIDER/);
    expect(() => loadConfig({ COINMETRICS_API_BASE: 'coinmetrics' })).toThrow(/COINMETRICS_API_BASE/);
  });
});
