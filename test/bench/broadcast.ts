/**
 * Broadcast: one daily brief to 10,000 Telegram chats and 1,000 Discord channels, on local fakes
 * that enforce the platforms' published limits (scaled by FACTOR so a run takes a minute, with the
 * bot configured to match) and inject 429 on 10 % and 5xx on 2 % of sends. The outbox pipeline and
 * a naive send-in-a-loop baseline face the same seeded faults. Printed per run: time to deliver
 * against the theoretical minimum at the configured limit (a ratio: 1.0 is the limit), messages
 * lost, duplicates, limit violations, and the bot process's peak RSS and CPU time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TELEGRAM_LIMITS } from '../../bot/telegram/pacer.js';
import { FakeDiscord } from '../fakes/fakeDiscord.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';
import { START_NODE_FLAGS } from '../support/start.js';
import { compiled } from './compiled.js';

const FACTOR = Number(process.env['BENCH_FACTOR'] ?? 5);
const TG_CHATS = Number(process.env['BENCH_TG_CHATS'] ?? 10_000);
const DC_CHANNELS = Number(process.env['BENCH_DC_CHANNELS'] ?? 1_000);
const INJECT = { p429: 0.1, p5xx: 0.02, retryAfterSeconds: 1, seed: 20261201 };
const DISCORD_PER_SECOND = 50;

interface Run {
  label: string;
  seconds: number;
  ratio: number;
  minSeconds: number;
  lost: number;
  duplicates: number;
  violations: number;
  rssMb: number;
  cpuSeconds: number;
  replyMs: number | null;
}

interface ChildResult {
  started: number;
  finished: number;
  maxRssMb: number;
  cpuSeconds: number;
  replyMs?: number | null;
  telegramParts?: number;
}

function child(mode: 'pipeline' | 'naive', env: Record<string, string>, timeoutMs: number): Promise<ChildResult> {
  const script = compiled('test/bench/broadcast/bot.ts');
  // The flags `npm start` runs the bot with (package.json), then any a developer adds to compare.
  const flags = [...START_NODE_FLAGS, ...(process.env['BENCH_VERBOSE'] ? ['--expose-gc'] : []), ...(process.env['BENCH_NODE_FLAGS']?.split(' ').filter(Boolean) ?? [])];
  const proc = spawn(process.execPath, [...flags, script], {
    env: { ...process.env, ...env, BENCH_MODE: mode, BENCH_TIMEOUT_MS: String(timeoutMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d));
  proc.stderr.on('data', (d: Buffer) => (err += d));
  return new Promise((resolve, reject) =>
    proc.on('exit', (code) => {
      if (process.env['BENCH_VERBOSE']) process.stderr.write(err);
      if (code !== 0) return reject(new Error(`broadcast ${mode} exited ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!));
    }),
  );
}

let brief: Promise<string> | null = null;
/** The brief every chat gets, rendered once here (the fixture market at the README's example day) and stored as the outbox stores it. */
function briefFile(): Promise<string> {
  brief ??= (async () => {
    const { createTestDeps } = await import('../support/app.js');
    const { buildBrief } = await import('../../commands/brief.js');
    const { serializeReply } = await import('../../bot/delivery/payloads.js');
    const deps = await createTestDeps({ now: '2025-02-22T08:00:00Z' });
    const file = join(mkdtempSync(join(tmpdir(), 'basisbot-brief-')), 'brief.json');
    writeFileSync(file, serializeReply(await buildBrief('BTC', deps)));
    return file;
  })();
  return brief;
}

async function run(mode: 'pipeline' | 'naive', partsPerBrief: number): Promise<Run> {
  const telegram = await FakeTelegram.start({ limits: { factor: FACTOR, countRefused: false }, inject: INJECT, record: false });
  const discord = await FakeDiscord.start(undefined, { limits: { factor: FACTOR }, inject: INJECT, record: false });
  // The limit the bot is configured to: TELEGRAM_MAX_MESSAGES_PER_SECOND and Discord's 50/s, scaled.
  const tgMessages = TG_CHATS * partsPerBrief;
  const minSeconds = Math.max(tgMessages / (TELEGRAM_LIMITS.messagesPerSecond * FACTOR), DC_CHANNELS / (DISCORD_PER_SECOND * FACTOR));
  try {
    const r = await child(
      mode,
      {
        BENCH_FACTOR: String(FACTOR),
        BENCH_TG_CHATS: String(TG_CHATS),
        BENCH_DC_CHANNELS: String(DC_CHANNELS),
        BENCH_TG_API: telegram.apiRoot,
        BENCH_TG_TOKEN: telegram.token,
        BENCH_DC_API: discord.apiBase,
        BENCH_BRIEF: await briefFile(),
      },
      Math.ceil(minSeconds * 4 * 1000 + 60_000),
    );
    if (r.telegramParts !== undefined && r.telegramParts !== partsPerBrief) throw new Error(`a brief is ${r.telegramParts} Telegram messages, not ${partsPerBrief}`);
    const tg = telegram.ledger;
    if (process.env['BENCH_VERBOSE']) process.stderr.write(`${mode} telegram ${JSON.stringify(tg.totals)}\n`);
    const dc = discord.ledger;
    if (process.env['BENCH_VERBOSE']) process.stderr.write(`${mode} discord ${JSON.stringify(dc.totals)}\n`);
    const tgDelivered = tg.all().filter((c) => c.accepted.length >= partsPerBrief).length;
    const dcDelivered = dc.all().filter((c) => c.accepted.length >= 1).length;
    const last = Math.max(tg.totals.lastAcceptedAt ?? r.started, r.finished);
    const seconds = (Math.min(last, r.finished) - r.started) / 1000;
    return {
      label: mode,
      seconds,
      ratio: minSeconds / seconds,
      minSeconds,
      lost: TG_CHATS - tgDelivered + (DC_CHANNELS - dcDelivered),
      duplicates: tg.totals.duplicates + dc.totals.duplicates,
      violations: tg.totals.violations.total + dc.totals.violations.total,
      rssMb: r.maxRssMb,
      cpuSeconds: r.cpuSeconds,
      replyMs: r.replyMs ?? null,
    };
  } finally {
    await telegram.close();
    await discord.close();
  }
}

export async function benchBroadcast(): Promise<string[]> {
  const partsPerBrief = 2; // a brief is a photo with its caption, then the rest of the note (the run checks it)
  const lines = [
    `${TG_CHATS.toLocaleString('en')} Telegram chats (1 in 10 a group) + ${DC_CHANNELS.toLocaleString('en')} Discord channels, one brief each (${partsPerBrief} Telegram messages, 1 Discord message)`,
    `limits scaled ×${FACTOR}: Telegram ${TELEGRAM_LIMITS.messagesPerSecond}/s configured (fake enforces 30/s, 1/s per chat, 20/min per group), Discord 50/s; injected 429 on ${INJECT.p429 * 100}% and 5xx on ${INJECT.p5xx * 100}% of sends`,
  ];
  const modes = (process.env['BENCH_BROADCAST_MODES']?.split(',') ?? ['pipeline', 'naive']).map((m) => {
    if (m !== 'pipeline' && m !== 'naive') throw new Error(`BENCH_BROADCAST_MODES: "${m}" is neither pipeline nor naive`);
    return m;
  });
  for (const mode of modes) {
    const r = await run(mode, partsPerBrief);
    lines.push(
      `${r.label.padEnd(8)}  ${r.seconds.toFixed(1)} s against ${r.minSeconds.toFixed(1)} s at the limit: ratio ${r.ratio.toFixed(2)} · lost ${r.lost} · duplicates ${r.duplicates} · limit violations ${r.violations} · peak RSS ${r.rssMb.toFixed(0)} MB · CPU ${r.cpuSeconds.toFixed(1)} s`,
    );
    if (r.replyMs !== null) lines.push(`          a command reply asked 5 s into the broadcast: answered in ${r.replyMs} ms`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const l of await benchBroadcast()) console.log(l); // npx tsx test/bench/broadcast.ts
