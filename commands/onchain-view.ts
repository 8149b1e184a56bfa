/**
 * The on-chain part of a market view: the provider's daily series, and the open interest in coins
 * stored for the venues that answered, from which core derives the leverage ratio. A provider that
 * fails never fails the reply: its readings are left out and the note names them as missing.
 */
import type { Analysis, OnChainInput } from '../core/analysis.js';
import { addDays } from '../core/calendar.js';
import { OnChainUnavailableError } from '../core/errors.js';
import { onChainFields, onChainProvenance } from '../core/narrative/onchain.js';
import type { ExchangeSeries } from '../core/ports.js';
import type { VenueId } from '../core/types.js';
import { ONCHAIN, openInterestCoins } from '../core/signals/onchain.js';
import type { ReplyField } from './reply.js';
import type { CommandDeps } from './types.js';

type Read = { ok: true; series: ExchangeSeries } | { ok: false; source: string; reason: string };

/** The provider's series, or why there are none; null without a provider. Never rejects. */
export async function readOnChainSeries(deps: Pick<CommandDeps, 'onChain' | 'logger'>, asset: string): Promise<Read | null> {
  const p = deps.onChain;
  if (!p) return null;
  try {
    return { ok: true, series: await p.exchangeSeries(asset) };
  } catch (err) {
    // The provider logs its own outages once; anything else is a bug worth a line each time.
    if (!(err instanceof OnChainUnavailableError)) {
      deps.logger.warn('on-chain provider failed; its readings are left out', { source: p.source, asset, err: err instanceof Error ? err.message : String(err) });
    }
    return { ok: false, source: p.source, reason: err instanceof OnChainUnavailableError ? err.reason : 'failed' };
  }
}

/**
 * Joins the series with stored open interest (read after the market's own top-up, so a cold start
 * sees the backfilled days). `venues` are those whose open interest is summed.
 */
export async function onChainInput(deps: Pick<CommandDeps, 'store'>, asset: string, read: Read, venues: readonly VenueId[]): Promise<OnChainInput> {
  if (!read.ok) return read;
  const last = read.series.days.at(-1)?.day;
  if (last === undefined) return { ok: true, series: read.series, openInterest: null };
  // The ratio's year, and the month before its first day for the 30-day change.
  const from = addDays(last, -(ONCHAIN.rankDays + 31));
  const points = (await Promise.all(venues.map((v) => deps.store.history.loadHistory(v, asset, from)))).flat();
  const oi = openInterestCoins(points, venues);
  return { ok: true, series: read.series, openInterest: oi.days.length ? oi : null };
}

/** The reply's source line, followed by the on-chain provenance and licence when a provider is configured. */
export function withOnChainSource(line: string, analysis: Analysis, deps: Pick<CommandDeps, 'onChain'>): string {
  const provenance = onChainProvenance(analysis.signals);
  if (provenance === null) return line;
  return [line, provenance, ...(deps.onChain?.attribution ? [deps.onChain.attribution] : [])].join(' · ');
}

/** /basis's on-chain fields: the 7-day flows and the leverage ratio, or what is missing. */
export const onChainReplyFields = (analysis: Analysis): ReplyField[] => onChainFields(analysis.signals);
