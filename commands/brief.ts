import { ASSET_OPTION, parseAssetOption, parseOptionalAsset } from './args.js';
import { snapshotFields, sourceLine } from './basis.js';
import { badgeOf, callOf, loadMarketView, toneOf } from './market-view.js';
import { withOnChainSource } from './onchain-view.js';
import type { Reply } from './reply.js';
import type { Command, CommandDeps } from './types.js';

/**
 * The full note: headline, paragraph, label, rationale, what would change the view, what followed
 * earlier episodes of today's event, context; the episodes and the most similar days as fields.
 */
export async function buildBrief(asset: string | null, deps: CommandDeps): Promise<Reply> {
  const view = await loadMarketView(asset, deps);
  const { note } = view.analysis;
  return {
    title: note.headline,
    tone: toneOf(note.label),
    badge: badgeOf(view.analysis),
    paragraphs: [note.paragraph, note.confidenceLine, note.rationale, note.changeView, ...(note.precedent ? [note.precedent] : []), ...note.context],
    fields: [
      ...snapshotFields(view.snapshot).filter((f) => f.inline),
      ...(note.episodesTitle ? [{ name: note.episodesTitle, value: note.episodeLines.join('\n') }] : []),
      ...(note.analogLines.length ? [{ name: 'Most similar past days', value: note.analogLines.join('\n') }] : []),
    ],
    image: view.chart,
    footer: withOnChainSource(sourceLine(view.snapshot), view.analysis, deps),
    call: callOf(view),
  };
}

export const briefCommand: Command<{ asset: string | null }> = {
  name: 'brief',
  description: 'The analyst note: what the basis says, the regime, and what would change it',
  usage: '/brief [ASSET]',
  examples: ['/brief', '/brief ETH'],
  options: [ASSET_OPTION],
  touchesNetwork: true,
  parse: (tokens) => parseOptionalAsset(tokens, '/brief', '/brief ETH'),
  parseOptions: ({ values }) => parseAssetOption(values['asset'], '/brief', '/brief ETH'),
  execute: ({ asset }, _ctx, deps) => buildBrief(asset, deps),
};
