import type { MarketSnapshot } from '../core/types.js';
import { ASSET_OPTION, parseAssetOption, parseOptionalAsset } from './args.js';
import { tenor } from '../core/format.js';
import { coins, price, signedPct, usd, utcDay, utcMinute } from './format.js';
import { badgeOf, loadMarketView, toneOf } from './market-view.js';
import { onChainReplyFields, withOnChainSource } from './onchain-view.js';
import type { Reply, ReplyField, ReplyTable } from './reply.js';
import type { Command } from './types.js';

/** The compact view: the numbers, the label, one line of take, the chart. */
export const basisCommand: Command<{ asset: string | null }> = {
  name: 'basis',
  description: 'Futures basis, funding and open interest now, with the regime and a chart',
  usage: '/basis [ASSET]',
  examples: ['/basis', '/basis ETH'],
  options: [ASSET_OPTION],
  touchesNetwork: true,
  parse: (tokens) => parseOptionalAsset(tokens, '/basis', '/basis ETH'),
  parseOptions: ({ values }) => parseAssetOption(values['asset'], '/basis', '/basis ETH'),
  async execute({ asset }, _ctx, deps): Promise<Reply> {
    const view = await loadMarketView(asset, deps);
    const { snapshot: s, analysis } = view;
    return {
      title: `${view.asset} basis`,
      tone: toneOf(analysis.note.label),
      badge: badgeOf(analysis),
      paragraphs: [analysis.note.take],
      fields: [...snapshotFields(s), ...onChainReplyFields(analysis)],
      ...(s.dated.length ? { table: datedTable(s) } : {}),
      image: view.chart,
      footer: withOnChainSource(sourceLine(s), analysis, deps),
    };
  },
};

export function snapshotFields(s: MarketSnapshot): ReplyField[] {
  const fields: ReplyField[] = [{ name: 'Spot', value: `${price(s.reference.price)} USDT`, inline: true }];
  if (s.headline) {
    const how =
      s.headline.method === 'interpolated'
        ? `${tenor(s.headline.tenorDays)}, interpolated ${s.headline.contracts.map(contractName).join(' / ')}`
        : `${s.headline.contracts.map(contractName).join('')}, ${Math.round(s.headline.tenorDays)} days`;
    fields.push({ name: 'Basis (annualized)', value: `${signedPct(s.headline.annualized, 2)} (${how})`, inline: true });
  } else {
    fields.push({ name: 'Basis (annualized)', value: 'no live dated contract', inline: true });
  }
  if (s.perp) {
    fields.push({
      name: 'Perpetual',
      value: `mark ${price(s.perp.mark)} · index ${price(s.perp.index)} · premium ${signedPct(s.perp.premium, 3)}`,
    });
  }
  if (s.funding) {
    const next = s.funding.nextFundingTime ? ` · next ${utcMinute(s.funding.nextFundingTime)}` : '';
    fields.push({
      name: 'Funding',
      value: `${signedPct(s.funding.rate, 4)} per ${s.funding.intervalHours}h · ${signedPct(s.funding.apr, 2)} APR${next}`,
    });
  }
  if (s.openInterest) {
    fields.push({ name: 'Open interest', value: `${coins(s.openInterest.coins, s.asset)} · ${usd(s.openInterest.usd)}` });
  }
  return fields;
}

export function datedTable(s: MarketSnapshot): ReplyTable {
  return {
    columns: ['Contract', 'Expiry', 'Days', 'Price', 'Basis', 'Annualized'],
    align: ['left', 'left', 'right', 'right', 'right', 'right'],
    rows: s.dated.map((d) => [
      contractName(d.symbol),
      utcDay(d.expiry),
      d.daysToExpiry.toFixed(0),
      price(d.price),
      signedPct(d.basis, 2),
      signedPct(d.annualized, 2),
    ]),
  };
}

/** 'BTC/USDT:USDT-260925' → 'BTC-260925': the unified ccxt symbol is noise in a chat. */
export const contractName = (symbol: string): string => symbol.replace(/\/\w+:\w+-/, '-');

/** Every reply says which venue(s) and reference price it used. */
export const sourceLine = (s: MarketSnapshot): string =>
  `Venue: ${s.venues.join(', ')} · reference: ${s.reference.venue} spot last price · as of ${utcMinute(s.at)}`;
