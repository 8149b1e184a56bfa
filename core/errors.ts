/**
 * Errors that cross the core boundary. Adapters map library errors (ccxt, HTTP) to these, and the
 * commands turn them into short, useful replies. `userMessage` is safe to show to anyone.
 */
import type { Asset, VenueId } from './types.js';

export abstract class BasisbotError extends Error {
  abstract readonly userMessage: string;
}

/** The user asked for something malformed: say what is wrong and show the right form. */
export class UserInputError extends BasisbotError {
  constructor(
    readonly userMessage: string,
    readonly example?: string,
  ) {
    super(userMessage);
    this.name = 'UserInputError';
  }
}

export class UnknownAssetError extends BasisbotError {
  readonly userMessage: string;
  constructor(
    readonly asset: Asset,
    readonly valid: Asset[],
  ) {
    super(`unknown asset ${asset}`);
    this.name = 'UnknownAssetError';
    const list = valid.length > 40 ? `${valid.slice(0, 40).join(', ')} … (${valid.length} in all)` : valid.join(', ');
    this.userMessage = `I don't know the asset "${asset}". Assets with spot and futures here: ${list}.`;
  }
}

/** No configured venue could answer (outage, timeout, rate limit, restricted location). */
export class MarketUnavailableError extends BasisbotError {
  readonly userMessage: string;
  constructor(
    readonly failures: { venue: VenueId; reason: string }[],
    advice = 'Set EXCHANGES to another venue (e.g. EXCHANGES=okx,bybit) or EXCHANGE_PROXY_URL to a proxy, then try again.',
  ) {
    super(`market data unavailable: ${failures.map((f) => `${f.venue}: ${f.reason}`).join('; ')}`);
    this.name = 'MarketUnavailableError';
    const venues = failures.map((f) => `${f.venue} (${f.reason})`).join(', ');
    this.userMessage = `Market data is unavailable right now: could not reach ${venues || 'any venue'}. ${advice}`;
  }
}

/** An on-chain provider had nothing for the asset: the note is written without its readings. */
export class OnChainUnavailableError extends BasisbotError {
  readonly userMessage: string;
  constructor(
    readonly source: string,
    /** Short and user-safe, completes "<source> …": 'did not answer', 'has no exchange data for SOL'. */
    readonly reason: string,
  ) {
    super(`${source} ${reason}`);
    this.name = 'OnChainUnavailableError';
    this.userMessage = `${source} ${reason}.`;
  }
}
