/**
 * Structured logs through pino: one JSON object per line on stderr (stdout belongs to `--once`
 * replies and the console chat), written synchronously so the last line before an exit is not lost.
 * The one redaction point is pino's last hook before the stream: every line, whatever field or
 * error carried it, is scrubbed of the configured secrets (tokens, the webhook secret, database and
 * proxy passwords) and of anything shaped like a Telegram bot token or a URL password.
 */
import pino from 'pino';
import type { Logger } from '../core/ports.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

const TELEGRAM_TOKEN = /(?:bot)?\d{6,}:[A-Za-z0-9_-]{20,}/g;
const URL_PASSWORD = /\/\/([^/\s:@]+):([^/\s@]+)@/g;

/** A secret as it may appear: as is, inside a JSON string, or percent-encoded in a URL. Longest first. */
function forms(secret: string): string[] {
  return [...new Set([JSON.stringify(secret).slice(1, -1), secret, encodeURIComponent(secret)])].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) for (const f of forms(s)) out = out.split(f).join('[redacted]');
  return out.replace(TELEGRAM_TOKEN, '[redacted-token]').replace(URL_PASSWORD, '//$1:[redacted]@');
}

export interface LoggerOptions {
  level?: LogLevel | undefined;
  secrets?: readonly string[];
  /** Receives each line without its newline (tests); default: stderr. */
  write?: (line: string) => void;
  now?: () => number;
}

export interface RedactingLogger extends Logger {
  /** A secret learnt after start (a generated webhook secret): scrubbed from every later line. */
  addSecret(secret: string): void;
}

/** Shorter values would scrub ordinary words out of the logs. */
const MIN_SECRET_LENGTH = 4;

export function createLogger(opts: LoggerOptions = {}): RedactingLogger {
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= MIN_SECRET_LENGTH);
  const now = opts.now ?? Date.now;
  const write = opts.write;
  const stream = write ? { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) } : pino.destination({ fd: 2, sync: true });
  const log = pino(
    {
      level: opts.level ?? 'info',
      timestamp: () => `,"time":"${new Date(now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // normalize() has already reduced errors; pino's own serializer would add the stack back.
      serializers: { err: (err: unknown) => err },
      hooks: { streamWrite: (line) => redact(line, secrets) },
    },
    stream,
  );
  const at = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => log[level](normalize(fields), msg);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    addSecret(secret) {
      if (secret.length >= MIN_SECRET_LENGTH && !secrets.includes(secret)) secrets.push(secret);
    },
  };
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
