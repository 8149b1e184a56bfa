import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../bot/logger.js';

describe('logs', () => {
  it('are one JSON object per line, errors reduced to name and message', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), now: () => Date.parse('2026-08-01T00:00:00Z') });
    const err = Object.assign(new Error('boom'), { config: { headers: { Authorization: 'Bot secret' } } });
    log.error('send failed', { chat: 'telegram:42', err });
    expect(JSON.parse(lines[0]!)).toEqual({
      time: '2026-08-01T00:00:00.000Z',
      level: 'error',
      msg: 'send failed',
      chat: 'telegram:42',
      err: { name: 'Error', message: 'boom' },
    });
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
});
