/**
 * ccxt's entry point loads all of its 100+ exchanges — about 90 MB and over a second at every start —
 * and its package exports nothing narrower. Its ES modules stand alone (ccxt supports importing an
 * exchange's module directly), so the bot imports the files of the venues it is configured for.
 * The error classes come from the same file the exchanges import, so `instanceof` holds.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Exchange } from 'ccxt';
import type { VenueId } from '../../core/types.js';

/** The package's CommonJS entry is dist/ccxt.cjs; its ES modules are in js/src/ beside it. */
const SRC = join(dirname(createRequire(import.meta.url).resolve('ccxt')), '..', 'js', 'src');
const moduleUrl = (file: string) => pathToFileURL(join(SRC, file)).href;

export type ExchangeClass = new (config: object) => Exchange;

export async function loadExchangeClass(venue: VenueId): Promise<ExchangeClass> {
  const mod = (await import(moduleUrl(`${venue}.js`))) as { default: ExchangeClass };
  return mod.default;
}

type CcxtErrors = Pick<typeof import('ccxt'), 'RequestTimeout' | 'BadSymbol' | 'NetworkError'>;

export const ccxtErrors = (await import(moduleUrl('base/errors.js'))) as CcxtErrors;
