/** Coin Metrics' wire format, read by pure functions (bot/onchain/parse.ts). */
import { describe, expect, it } from 'vitest';
import { CoinMetricsFormatError, forbiddenMetric, parseErrorBody, parsePage } from '../../bot/onchain/parse.js';

const ALL = ['FlowInExNtv', 'FlowOutExNtv', 'FlowInExUSD', 'FlowOutExUSD', 'SplyExNtv'] as const;

describe('parsePage', () => {
  it('reads string numbers, keeps null apart from an absent key, and ignores -status keys', () => {
    // The documented example row, with FlowInExUSD null (not computed yet) and FlowOutExUSD absent.
    const body = {
      data: [
        {
          asset: 'btc',
          time: '2026-10-09T00:00:00.000000000Z',
          SplyExNtv: '2672865.55765548',
          'SplyExNtv-status': 'flash',
          FlowInExNtv: '27171.07',
          FlowOutExNtv: '22909.79',
          FlowInExUSD: null,
        },
      ],
      next_page_token: '0.MjAy',
      next_page_url: 'https://community-api.coinmetrics.io/v4/timeseries/asset-metrics?next_page_token=0.MjAy',
    };
    const page = parsePage(body, 'btc', ALL);
    expect(page.rows, 'numbers are parsed from their strings; the day is the UTC day the row starts').toEqual([
      { day: '2026-10-09', values: { SplyExNtv: 2672865.55765548, FlowInExNtv: 27171.07, FlowOutExNtv: 22909.79, FlowInExUSD: null } },
    ]);
    expect('FlowOutExUSD' in page.rows[0]!.values, 'an absent key means "not published for this asset", so it stays absent').toBe(false);
    expect(page.nextPageUrl, 'the next page is followed as given').toBe(body.next_page_url);
  });

  it('has no next page on the last page', () => {
    expect(parsePage({ data: [] }, 'btc', ALL)).toEqual({ rows: [], nextPageUrl: null });
  });

  it('refuses what is not the documented shape rather than guessing', () => {
    const row = { asset: 'btc', time: '2026-10-09T00:00:00.000000000Z', FlowInExNtv: '27171.07' };
    expect(() => parsePage({ error: 'x' }, 'btc', ALL), 'no data array').toThrow(CoinMetricsFormatError);
    expect(() => parsePage({ data: [{ ...row, asset: 'eth' }] }, 'btc', ALL), 'a row of another asset').toThrow(/asset eth/);
    expect(() => parsePage({ data: [{ ...row, time: '2026-10-09T12:00:00Z' }] }, 'btc', ALL), 'daily rows start at midnight UTC').toThrow(/start of a UTC day/);
    expect(() => parsePage({ data: [{ ...row, FlowInExNtv: 'n/a' }] }, 'btc', ALL), 'a number that does not parse is not zero').toThrow(/not a number/);
    expect(() => parsePage({ data: [{ ...row, FlowInExNtv: '' }] }, 'btc', ALL), 'an empty string is not zero either').toThrow(/not a number/);
  });
});

describe('error bodies', () => {
  it('reads the documented error shape', () => {
    expect(parseErrorBody({ error: { type: 'bad_parameter', message: "Bad parameter 'assets'. Value 'xyz' is not supported." } })).toEqual({
      type: 'bad_parameter',
      message: "Bad parameter 'assets'. Value 'xyz' is not supported.",
    });
    expect(parseErrorBody('<html>502</html>'), 'a proxy page is no Coin Metrics error').toBeNull();
  });

  it('names the metric a 403 refuses', () => {
    const message = "Requested metric 'FlowInExUSD' with frequency '1d' for asset 'btc' is not available with supplied credentials.";
    expect(forbiddenMetric(message)).toBe('FlowInExUSD');
    expect(forbiddenMetric("Requested metric 'SplyBMXNtv' with frequency '1d' …"), 'a metric the bot never asks for is not one it can drop').toBeNull();
    expect(forbiddenMetric('Requested resource is not available with supplied credentials.')).toBeNull();
  });
});
