/**
 * Pure argument resolvers shared by the commands: each returns a Result, never throws.
 */
import { fail, ok, type OptionSpec, type Result } from './types.js';

const ASSET = /^[A-Za-z0-9]{1,15}$/;

export function parseAssetToken(token: string): Result<string> {
  const t = token.trim();
  if (!ASSET.test(t)) return fail(`"${t}" is not an asset symbol: use letters and digits, like BTC or ETH.`);
  return ok(t.toUpperCase());
}

/** Zero or one asset: `/basis`, `/basis eth`. */
export function parseOptionalAsset(tokens: string[], usage: string, example: string): Result<{ asset: string | null }> {
  if (tokens.length === 0) return ok({ asset: null });
  if (tokens.length > 1) return fail(`Too many arguments: ${usage} takes one asset.`, example);
  const a = parseAssetToken(tokens[0]!);
  return a.ok ? ok({ asset: a.value }) : fail(a.error, example);
}

/** The named `asset` option (Discord): one asset or none, never split into several. */
export function parseAssetOption(value: string | undefined, usage: string, example: string): Result<{ asset: string | null }> {
  const v = value?.trim();
  return parseOptionalAsset(v ? [v] : [], usage, example);
}

/** Space- or comma-separated assets, each once, at most `max`: the `assets` option of /subscribe. */
export function parseAssetList(tokens: readonly string[], max: number, example: string): Result<string[] | null> {
  const assets: string[] = [];
  for (const token of tokens.flatMap((t) => t.split(/[\s,]+/)).filter(Boolean)) {
    const a = parseAssetToken(token);
    if (!a.ok) return fail(a.error, example);
    if (!assets.includes(a.value)) assets.push(a.value);
  }
  if (assets.length > max) return fail(`At most ${max} assets at once.`, example);
  return ok(assets.length ? assets : null);
}

/** The one optional asset of /basis and /brief; the default is the operator's DEFAULT_ASSET. */
export const ASSET_OPTION: OptionSpec = { name: 'asset', description: 'Asset, e.g. BTC or ETH (default: the bot\'s default asset)', autocomplete: 'asset' };
