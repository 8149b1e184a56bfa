import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../bot/logger.js';

describe('logs', () => {
  it('are one JSON object per line, errors reduced to name and message', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), now: () => Date.parse('2026-08-01T00:00:00Z') });
    const err = Object.assign(new Error('boom'), { config: { headers: { Authorization: 'Bot secret' } } });
    log.error('send failed', { chat: 'telegram:42', err });
    expect(lines, 'one line per call, no trailing newline').toHaveLength(1);
    const { pid, hostname, ...entry } = JSON.parse(lines[0]!);
    expect(entry).toEqual({
      time: '2026-08-01T00:00:00.000Z',
      level: 'error',
      msg: 'send failed',
      chat: 'telegram:42',
      err: { name: 'Error', message: 'boom' },
    });
    expect(pid, 'several instances log to one place: each line says which process').toBe(process.pid);
    expect(typeof hostname).toBe('string');
  });

  it('drop lines below the level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    log.info('quiet');
    log.warn('loud');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
  });

  it('never carry a configured secret, a Telegram token in a URL, or a URL password', () => {
    const token = '7000000001:AAH1bGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';
    const text = `request to https://api.telegram.org/bot${token}/getMe failed; db postgres://bot:hunter22@db/x; key=abc-secret-xyz`;
    const out = redact(text, ['abc-secret-xyz']);
    expect(out).not.toContain(token);
    expect(out).not.toContain('hunter22');
    expect(out).not.toContain('abc-secret-xyz');
    expect(out).toBe('request to https://api.telegram.org/[redacted-token]/getMe failed; db postgres://bot:[redacted]@db/x; key=[redacted]');
  });

  it('scrub every line at one point, whatever field or error carries the secret, in any form it takes', () => {
    const lines: string[] = [];
    const webhookSecret = 'wh-CANARY-secret_0123';
    const password = 'p@ss"CANARY\\x'; // quotes and backslashes are escaped in JSON, @ is %40 in a URL
    const log = createLogger({ level: 'debug', secrets: [webhookSecret, password], write: (l) => lines.push(l) });
    log.debug('webhook set', { header: { 'X-Telegram-Bot-Api-Secret-Token': webhookSecret } });
    log.warn('store failed', { err: new Error(`password authentication failed for ${password}`) });
    log.error('proxy', { url: `http://u:${encodeURIComponent(password)}@proxy.local/` });
    log.info(`message text with ${webhookSecret} in it`);
    const all = lines.join('\n');
    expect(lines.map((l) => JSON.parse(l).level), 'still valid JSON lines after scrubbing').toEqual(['debug', 'warn', 'error', 'info']);
    for (const form of [webhookSecret, password, JSON.stringify(password).slice(1, -1), encodeURIComponent(password), 'CANARY']) {
      expect(all, `no trace of ${form}`).not.toContain(form);
    }
  });

  it('scrub a secret learnt after start (a generated webhook secret) from every later line', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    log.addSecret('generated-0123456789abcdef');
    log.info('webhook registered', { secret: 'generated-0123456789abcdef' });
    expect(JSON.parse(lines[0]!).secret).toBe('[redacted]');
  });
});
