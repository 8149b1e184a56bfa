/**
 * The bot side of the broadcast benchmark, in a process of its own so that its peak RSS is the
 * pipeline's alone (the fakes run in the parent). Reads its setup from BENCH_* variables, prints one
 * JSON line of results on stdout.
 *
 * pipeline: the real producer (brief scheduler) → SQLite outbox → sender → paced messengers.
 * naive:    the same rendered brief, sent in a loop, one awaited send per chat, no pacing, no retry.
 *
 * The brief itself (the note and its chart, from the fixture market) is rendered once by the parent
 * and read here as the scheduler's producer: writing a note is measured in its own bench section,
 * and the fixture market's CSV files are test data, not what a running bot holds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST, Routes } from 'discord.js';
import { Telegram } from 'telegraf';
import { deserializeReply } from '../../../bot/delivery/payloads.js';
import { createSender } from '../../../bot/delivery/sender.js';
import { channelMessageBody, createDiscordMessenger, deliveryNonce } from '../../../bot/discord/messenger.js';
import { renderReply as renderDiscord } from '../../../bot/discord/render.js';
import { restOptions } from '../../../bot/discord/rest.js';
import { createBriefScheduler } from '../../../bot/scheduler/briefs.js';
import { openSqliteStore } from '../../../bot/store/open.js';
import { createTelegramMessenger } from '../../../bot/telegram/messenger.js';
import { createTelegramPacer, scaledLimits } from '../../../bot/telegram/pacer.js';
import { renderReply as renderTelegram } from '../../../bot/telegram/render.js';
import type { Reply } from '../../../commands/reply.js';
import type { Destination, Logger } from '../../../core/ports.js';

const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
/** This process's memory now, and its peak RSS so far. */
const memory = () => {
  const m = process.memoryUsage();
  return `rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} ext ${mb(m.external)} ab ${mb(m.arrayBuffers)} (peak rss ${mb(process.resourceUsage().maxRSS * 1024)})`;
};
const stage = (label: string) => {
  if (env('VERBOSE')) process.stderr.write(`${label}: ${memory()}\n`);
};
const env = (k: string) => process.env[`BENCH_${k}`] ?? '';
const mode = env('MODE');
const factor = Number(env('FACTOR'));
const tgChats = Number(env('TG_CHATS'));
const dcChannels = Number(env('DC_CHANNELS'));
const quiet: Logger = { debug() {}, info() {}, warn() {}, error: (m, f) => process.stderr.write(`${m} ${JSON.stringify(f)}\n`) };

/** Chat ids as the parent expects them: one in ten Telegram chats a group (negative id). */
export const telegramChat = (i: number): string => (i % 10 === 0 ? String(-1_001_000_000_000 - i) : String(500_000_000 + i));
export const discordChannel = (i: number): string => String(1_400_000_000_000_000_000n + BigInt(i));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'basisbot-broadcast-'));
  const store = await openSqliteStore(join(dir, 'bench.db'));
  // Due at 08:00 UTC on the README's example day; the clock then runs with real time.
  const dueAt = Date.parse('2026-02-08T08:00:00Z');
  const realStart = Date.now();
  const clock = { now: () => dueAt + (Date.now() - realStart) };
  const brief = deserializeReply(readFileSync(env('BRIEF'), 'utf8'));
  const buildBrief = async (): Promise<Reply> => brief;
  const telegram = new Telegram(env('TG_TOKEN'), { apiRoot: env('TG_API') } as never);
  const rest = new REST({ ...restOptions(env('DC_API')), globalRequestsPerSecond: 50 * factor }).setToken('bench-token');
  const dests: Destination[] = [
    ...Array.from({ length: tgChats }, (_, i): Destination => ({ platform: 'telegram', chatId: telegramChat(i + 1) })),
    ...Array.from({ length: dcChannels }, (_, i): Destination => ({ platform: 'discord', chatId: discordChannel(i + 1) })),
  ];

  let started = Date.now();
  let extra: Record<string, unknown> = {};
  if (mode === 'naive') await naive(dests, brief, telegram, rest);
  else {
    stage('started');
    for (const destination of dests) await store.subscriptions.setBrief({ destination, time: '08:00', timezone: 'UTC', assets: ['BTC'], createdAt: dueAt - 3_600_000 });
    stage('subscribed');
    const pacer = createTelegramPacer(scaledLimits(factor), quiet);
    const messengers = {
      telegram: createTelegramMessenger(telegram, {
        logger: quiet,
        pacer,
        secondMs: 1000 / factor, // the fake's retry_after is in its scaled seconds
        media: { get: (k) => store.outbox.getMedia('telegram', k), put: (k, id) => store.outbox.putMedia('telegram', k, id, clock.now()) },
      }),
      discord: createDiscordMessenger({ rest, logger: quiet }),
    };
    const sender = createSender({ store, messengers, clock, logger: quiet, inFlight: { telegram: 10 * factor, discord: 50 }, backoffScale: 1 / factor });
    const scheduler = createBriefScheduler({ store, platforms: ['telegram', 'discord'], produceBrief: buildBrief, clock, logger: quiet, onQueued: sender.wake });
    const t0 = Date.now();
    started = t0; // the brief is due: from here on it is delivery (rendering included)
    const tick = await scheduler.tick();
    process.stderr.write(`queued ${tick.queued.length} rows in ${Date.now() - t0} ms: ${memory()}\n`);
    const profiling = env('HEAPPROF') ? await startAllocationProfile() : null;
    sender.start();
    // A user types a command while the broadcast is deep in its backlog: how long until it is answered?
    let replyMs: number | null = null;
    const probe = setTimeout(() => {
      const asked = Date.now();
      void messengers.telegram.reply('777000777', { title: 'Help', tone: 'info', paragraphs: ['/basis, /brief, /alerts …'], fields: [] }).then((o) => {
        if (o.ok) replyMs = Date.now() - asked;
      });
    }, 5_000);
    const progress = env('VERBOSE')
      ? setInterval(async () => {
          const c = await store.outbox.counts();
          process.stderr.write(`t+${Date.now() - t0} ms pending ${c.pending} sent ${c.sent} pacer ${pacer.pending()} ${memory()}\n`);
          if (c.pending < 5) for (const r of await store.outbox.list({ status: 'pending' })) process.stderr.write(`  ${r.key} attempts ${r.attempts} next +${r.nextAttemptAt - clock.now()} ms lease ${r.leaseUntil === null ? '-' : r.leaseUntil - clock.now()} ${r.detail}\n`);
        }, 2_000)
      : null;
    if (profiling) setTimeout(() => void profiling(env('HEAPPROF')), Number(env('HEAPPROF_MS') || 30_000));
    const deadline = Date.now() + Number(env('TIMEOUT_MS'));
    while ((await store.outbox.counts()).pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (progress) clearInterval(progress);
    if (env('VERBOSE') && typeof globalThis.gc === 'function') {
      globalThis.gc();
      process.stderr.write(`after the broadcast and a full GC: heap ${mb(process.memoryUsage().heapUsed)} MB\n`);
      if (env('SNAPSHOT')) (await import('node:v8')).writeHeapSnapshot(env('SNAPSHOT'));
    }
    clearTimeout(probe);
    await sender.stop(5_000);
    const counts = await store.outbox.counts();
    process.stderr.write(`outbox ${JSON.stringify(counts)}\n`);
    extra = { replyMs, telegramParts: messengers.telegram.parts(brief) };
  }
  const finished = Date.now();
  rest.clearHandlerSweeper();
  rest.clearHashSweeper();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ started, finished, maxRssMb: process.resourceUsage().maxRSS / 1024, cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6, ...extra }) + '\n');
}

/**
 * BENCH_HEAPPROF=file: samples every allocation for BENCH_HEAPPROF_MS (default 30 s) of the broadcast,
 * garbage included, and writes a .heapprofile that Chrome DevTools opens (what allocates the most).
 */
async function startAllocationProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  return async (file) => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    process.stderr.write(`allocation profile written to ${file}\n`);
    session.disconnect();
  };
}

/** What a bot without an outbox does: one awaited send after another; a failure is logged and lost. */
async function naive(dests: Destination[], reply: Reply, telegram: Telegram, rest: REST) {
  const parts = renderTelegram(reply);
  let fileId: string | null = null;
  for (const d of dests) {
    try {
      if (d.platform === 'telegram') {
        for (const part of parts) {
          if (part.kind === 'text') await telegram.callApi('sendMessage', { chat_id: d.chatId, text: part.html, parse_mode: 'HTML' } as never);
          else {
            const photo = fileId ?? { source: Buffer.from(part.image.png), filename: part.image.filename };
            const sent = (await telegram.callApi('sendPhoto', { chat_id: d.chatId, photo, caption: part.caption, parse_mode: 'HTML' } as never)) as { photo: { file_id: string }[] };
            fileId ??= sent.photo.at(-1)!.file_id;
          }
        }
      } else {
        const { body, files } = channelMessageBody(renderDiscord(reply), deliveryNonce(d, reply));
        await rest.post(Routes.channelMessages(d.chatId), { body, files });
      }
    } catch {
      // lost: the naive loop moves on
    }
  }
}

await main();
