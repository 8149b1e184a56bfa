/**
 * The fuzz test's cases, each a function of its seed: /basis and /brief over hostile snapshots and
 * histories (the note writer inside), the alert writer, every command with hostile arguments by text
 * and by Discord option, and hand-made hostile replies. Each reply goes through both renderers and
 * test/fuzz/checks.ts; failures are collected with the seed that reproduces them.
 */
import { alertReply } from '../../bot/alerts/reply.js';
import { renderReply as renderDiscord } from '../../bot/discord/render.js';
import { createMemoryLogger } from '../../bot/logger.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import { renderReply as renderTelegram } from '../../bot/telegram/render.js';
import { parseCommandText, prepareCommand, runCommand } from '../../commands/dispatch.js';
import { analyzeMarket } from '../../commands/market-view.js';
import { registry } from '../../commands/registry.js';
import type { Reply } from '../../commands/reply.js';
import type { CommandContext, CommandDeps } from '../../commands/types.js';
import { alertReadings, writeAlert, type Transition } from '../../core/alerts/index.js';
import { SIDES } from '../../core/alerts/sides.js';
import { ALERT_KINDS } from '../../core/alerts/types.js';
import { buildSnapshot } from '../../core/basis.js';
import { MarketUnavailableError } from '../../core/errors.js';
import type { Market } from '../../core/ports.js';
import type { MarketSnapshot } from '../../core/types.js';
import { discordFailures, telegramFailures } from './checks.js';
import { NOW, cut, hostileHistory, hostileNumber, hostileQuote, hostileSnapshot, hostileString, rng, type Rng } from './hostile.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** What a number must never print as: a broken venue's NaN is missing data, not text; nor is 1e+21. */
const NUMBER_LEAKS = /NaN|Infinity|undefined|\de[+-]\d/;
const BANDS = [[0, 0.02], [-0.05, 0.1], [0.005, 0.006]] as const;

interface Case {
  seed: number;
  source: string;
  reply: Reply;
  /** Built from numbers only (no hostile strings in text slots that could spell the leak words). */
  numeric: boolean;
}

export const results = { failures: [] as string[], replies: 0 };
const failures = results.failures;

function check({ seed, source, reply, numeric }: Case): void {
  results.replies++;
  const tg = renderTelegram(reply);
  const dc = renderDiscord(reply);
  const found = [...telegramFailures(reply, tg).map((f) => `telegram ${f}`), ...discordFailures(reply, dc).map((f) => `discord ${f}`)];
  if (numeric) {
    const text = JSON.stringify([reply.title, reply.badge, reply.paragraphs, reply.fields, reply.table, reply.footer]);
    const leak = NUMBER_LEAKS.exec(text);
    if (leak) found.push(`prints "${leak[0]}": ${JSON.stringify(text.slice(Math.max(0, leak.index - 60), leak.index + 20))}`);
  }
  for (const f of found) if (failures.length < 40) failures.push(`seed ${seed} ${source}: ${f}`);
}

function depsFor(r: Rng, asset: string, market: Market): CommandDeps & { logger: ReturnType<typeof createMemoryLogger> } {
  return {
    market,
    store: createMemoryStore(),
    chart: () => PNG,
    clock: { now: () => NOW },
    logger: createMemoryLogger(),
    settings: { defaultAsset: asset, band: r.pick(BANDS), historyDays: 730, alertCooldownMinutes: r.pick([0, 60, 240, 1441]) },
  };
}

const ctx = (): CommandContext => ({ destination: { platform: 'telegram', chatId: '-1001' }, chatKind: 'group', isAdmin: async () => true, now: NOW });

/** A thrown error becomes an apology at the boundary: for the fuzz it is a failure, with its message. */
function crashes(seed: number, source: string, deps: { logger: ReturnType<typeof createMemoryLogger> }): void {
  for (const e of deps.logger.entries.filter((x) => x.level === 'error')) failures.push(`seed ${seed} ${source}: crashed: ${String(e.fields?.['err'])}`);
}

/** /basis and /brief over a hostile market, then an alert written from the same analysis. */
export async function marketCase(seed: number): Promise<void> {
  const r = rng(seed);
  const asset = r.chance(0.5) ? 'BTC' : cut(hostileString(r), r.pick([3, 15, 40, 300])) || 'X';
  let snapshot: MarketSnapshot | MarketUnavailableError;
  try {
    // Half through buildSnapshot, as venue quotes enter; half written by hand, bypassing it.
    snapshot = r.chance(0.5) ? buildSnapshot(Array.from({ length: 1 + r.int(3) }, () => hostileQuote(r, asset)), NOW) : hostileSnapshot(r, asset);
  } catch (err) {
    if (!(err instanceof MarketUnavailableError)) throw err;
    snapshot = err; // no venue sent a usable spot: the command must say so
  }
  const history = hostileHistory(r);
  const live = async () => (snapshot instanceof MarketUnavailableError ? Promise.reject(snapshot) : snapshot);
  const market: Market = { knownAssets: async () => [asset, 'BTC'], snapshot: live, history: async () => history };
  const deps = depsFor(r, asset, market);
  for (const text of ['/basis', '/brief']) {
    const reply = await runCommand(registry, parseCommandText(text)!, ctx(), deps);
    check({ seed, source: `${text} of ${JSON.stringify(asset.slice(0, 20))}`, reply, numeric: asset === 'BTC' });
  }
  crashes(seed, 'market', deps);

  const name = r.chance(0.5) ? 'Bitcoin' : hostileString(r);
  // As the alert watcher reads the market: through analyzeMarket, whose Market-port boundary applies.
  const view = await analyzeMarket(asset, deps).catch((err: unknown) => {
    if (err instanceof MarketUnavailableError) return null;
    throw err;
  });
  if (!view) return;
  const analysis = view.analysis;
  const readings = alertReadings(analysis, deps.settings.band);
  const transitions: Transition[] = ALERT_KINDS.flatMap((kind) => {
    const value = SIDES[kind].value(readings);
    if (value === null || r.chance(0.3)) return [];
    const was = r.chance(0.5) ? { value: hostileNumber(r), at: r.chance(0.9) ? NOW - 3_600_000 : NaN } : null;
    return [{ kind, from: 'before', to: SIDES[kind].rawSide(value, readings), at: NOW, value, was }];
  });
  const message = writeAlert(name, transitions, analysis, readings);
  if (message) check({ seed, source: `alert for ${JSON.stringify(name.slice(0, 20))}`, reply: alertReply(message, view.snapshot), numeric: name === 'Bitcoin' && asset === 'BTC' });
}

/** Every command with hostile arguments, as Telegram text and as Discord options. */
export async function argumentCase(seed: number): Promise<void> {
  const r = rng(seed);
  const command = r.pick(registry);
  const words = Array.from({ length: r.int(4) }, () => cut(hostileString(r), r.pick([8, 64, 65, 300, 10_000])));
  const deps = depsFor(r, 'BTC', { knownAssets: async () => ['BTC', 'ETH'], snapshot: async () => hostileSnapshot(r, 'BTC'), history: async () => hostileHistory(r) });
  const inv = parseCommandText(`/${command.name} ${words.join(' ')}`);
  if (inv) check({ seed, source: `/${command.name} by text`, reply: await runCommand(registry, inv, ctx(), deps), numeric: false });
  const sub = command.subcommands ? r.pick(command.subcommands) : null;
  const specs = sub ? sub.options : command.options;
  const values = Object.fromEntries(specs.map((o) => [o.name, r.chance(0.5) ? hostileString(r) : undefined]));
  const prepared = prepareCommand(registry, { name: command.name, tokens: [], options: { subcommand: sub?.name ?? null, values } });
  if (!prepared.ok) check({ seed, source: `/${command.name} by options`, reply: prepared.reply, numeric: false });
  crashes(seed, `/${command.name}`, deps);
}

/** A reply whose every slot is hostile data: asset names, chat titles, contract names, venue text. */
export function replyCase(seed: number): void {
  const r = rng(seed);
  const s = () => hostileString(r);
  const cell = () => cut(s(), r.chance(0.02) ? 10_000 : 40);
  const reply: Reply = {
    title: s(),
    tone: r.pick(['bullish', 'neutral', 'bearish', 'info', 'warning', 'error'] as const),
    ...(r.chance(0.5) ? { badge: s() } : {}),
    paragraphs: Array.from({ length: r.int(5) }, s),
    fields: Array.from({ length: r.pick([0, 1, 3, 25, 30]) }, () => ({ name: s(), value: s(), inline: r.chance(0.5) })),
    // Cells pad every row to the widest: a 10,000-character cell is tried, but rarely (it makes 600 KB tables).
    ...(r.chance(0.4) ? { table: { columns: [s(), s()], rows: Array.from({ length: r.int(30) }, () => [cell(), cell()]), align: ['left', 'right'] as const } } : {}),
    ...(r.chance(0.5) ? { image: { png: PNG, filename: s(), alt: s() } } : {}),
    ...(r.chance(0.6) ? { footer: s() } : {}),
  } as Reply;
  check({ seed, source: 'hand-made reply', reply, numeric: false });
}

