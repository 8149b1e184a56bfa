/**
 * /track [ASSET]: the bot's own record — the calls it published in briefs and alerts, with what
 * spot did since and over the next 30 days — and the one-line summary of the replay its stated
 * confidence comes from.
 */
import { confidencePct } from '../core/format.js';
import { recordLine, replayLine } from '../core/narrative/track.js';
import { countedCalls, judgeCalls, summarize, type JudgedCall } from '../core/replay/record.js';
import { calibrate } from '../core/replay/calibration.js';
import { replayHistory } from '../core/replay/replay.js';
import { ASSET_OPTION, parseAssetOption, parseOptionalAsset } from './args.js';
import { price, signedPct, utcDay, utcMinute } from './format.js';
import type { Reply, ReplyTable } from './reply.js';
import type { Command, CommandDeps } from './types.js';

/** Rows shown; the summary counts every call. */
export const TRACK_ROWS = 10;
/** Calls read from the store: years of briefs and alerts. */
const READ_LIMIT = 5_000;

function table(calls: readonly JudgedCall[]): ReplyTable {
  return {
    columns: ['Published', 'Kind', 'Call', 'Stated', 'Basis', 'Spot', 'Since', '30 days later'],
    align: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left'],
    rows: calls.slice(0, TRACK_ROWS).map((c) => [
      utcDay(c.publishedAt),
      c.kind,
      c.label,
      c.confidence === null ? 'n/a' : `${confidencePct(c.confidence)} (${c.cases})`,
      c.basis === null ? 'n/a' : signedPct(c.basis, 2),
      price(c.spot),
      c.since === null ? 'n/a' : signedPct(c.since),
      c.outcome === null ? 'pending' : `${signedPct(c.outcome)} ${c.held ? 'held' : 'missed'}`,
    ]),
  };
}

export async function buildTrack(asset: string | null, deps: CommandDeps): Promise<Reply> {
  const a = asset ?? deps.settings.defaultAsset;
  const [snapshot, history, stored] = await Promise.all([
    deps.market.snapshot(a),
    deps.market.history(a, deps.settings.historyDays),
    deps.store.calls.list(a, READ_LIMIT),
  ]);
  const calibration = deps.calibrations?.get(a, history, deps.settings.band) ?? calibrate(replayHistory(history, deps.settings.band, { asset: a }));
  const judged = judgeCalls(countedCalls(stored), history, snapshot.reference.price);
  const shown = judged.length > TRACK_ROWS ? ` The latest ${TRACK_ROWS} are below.` : '';
  return {
    title: `${a} track record`,
    tone: 'info',
    paragraphs: [recordLine(a, summarize(judged)) + shown, replayLine(calibration)],
    fields: [],
    ...(judged.length ? { table: table(judged) } : {}),
    footer: `Stated: the hit rate the call stated (its cases). Held: spot moved the called way by the daily close 30 days after it. Spot now: ${snapshot.reference.venue} spot last price, ${utcMinute(snapshot.at)}.`,
  };
}

export const trackCommand: Command<{ asset: string | null }> = {
  name: 'track',
  description: "The bot's own record: the calls it published and what spot did since",
  usage: '/track [ASSET]',
  examples: ['/track', '/track ETH'],
  options: [ASSET_OPTION],
  touchesNetwork: true,
  parse: (tokens) => parseOptionalAsset(tokens, '/track', '/track ETH'),
  parseOptions: ({ values }) => parseAssetOption(values['asset'], '/track', '/track ETH'),
  execute: ({ asset }, _ctx, deps) => buildTrack(asset, deps),
};
