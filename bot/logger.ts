/**
 * Structured logs: one JSON object per line on stderr (stdout belongs to `--once` replies and the
 * console chat). Every line is scrubbed of the configured secrets and of anything shaped like a
 * Telegram bot token or a URL password, whatever the error that carried it.
 */
import type { Logger } from '../core/ports.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

const TELEGRAM_TOKEN = /(?:bot)?\d{6,}:[A-Za-z0-9_-]{20,}/g;
const URL_PASSWORD = /\/\/([^/\s:@]+):([^/\s@]+)@/g;

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out.replace(TELEGRAM_TOKEN, '[redacted-token]').replace(URL_PASSWORD, '//$1:[redacted]@');
}

export interface LoggerOptions {
  level?: LogLevel;
  secrets?: readonly string[];
  write?: (line: string) => void;
  now?: () => number;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = LEVELS[opts.level ?? 'info'];
  const secrets = opts.secrets ?? [];
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = opts.now ?? Date.now;
  const log = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const entry = { time: new Date(now()).toISOString(), level, msg, ...normalize(fields) };
    write(redact(JSON.stringify(entry), secrets));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Errors become `{name, message}` only: HTTP clients hang headers and configs off their errors. */
function normalize(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message } : v;
  }
  return out;
}

/** For tests: keeps entries in memory. */
export function createMemoryLogger(): Logger & { entries: { level: LogLevel; msg: string; fields?: Record<string, unknown> }[] } {
  const entries: { level: LogLevel; msg: string; fields?: Record<string, unknown> }[] = [];
  const log = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    entries.push(fields === undefined ? { level, msg } : { level, msg, fields });
  };
  return { entries, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
