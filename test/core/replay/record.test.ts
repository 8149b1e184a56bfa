/**
 * The bot's own record: which published calls count, how each is judged against the stored daily
 * closes, and the /track sentences — exact text, on real Binance closes checked by hand.
 */
import { describe, expect, it } from 'vitest';
import { recordLine, replayLine } from '../../../core/narrative/track.js';
import type { PublishedCall } from '../../../core/ports.js';
import { calibrate } from '../../../core/replay/calibration.js';
import { countedCalls, judgeCalls, summarize } from '../../../core/replay/record.js';
import { replayHistory } from '../../../core/replay/replay.js';
import { realHistory } from '../../fixtures/history.js';

const at = (iso: string) => Date.parse(iso);
const call = (key: string, publishedAt: string, over: Partial<PublishedCall> = {}): PublishedCall => ({
  key,
  kind: key.startsWith('alert:') ? 'alert' : 'brief',
  asset: 'BTC',
  publishedAt: at(publishedAt),
  day: '2025-11-30',
  label: 'Bearish',
  score: -0.4,
  confidence: 0.45,
  cases: 80,
  basis: 0.045,
  spot: 90360, // the 2025-11-30 close, as the brief of 1 December stated it
  ...over,
});

describe('countedCalls', () => {
  it('keeps every alert and the first brief of each UTC day, newest first', () => {
    const calls = [
      call('brief:BTC:2025-12-01T09:00', '2025-12-01T09:00:04Z'),
      call('brief:BTC:2025-12-01T08:00', '2025-12-01T08:00:03Z'),
      call('alert:BTC#4', '2025-12-01T12:03:02Z'),
      call('brief:BTC:2025-12-02T08:00', '2025-12-02T08:00:03Z'),
    ];
    expect(countedCalls(calls).map((c) => c.key), 'the 09:00 brief repeats the 08:00 call to other chats').toEqual([
      'brief:BTC:2025-12-02T08:00',
      'alert:BTC#4',
      'brief:BTC:2025-12-01T08:00',
    ]);
  });
});

describe('judgeCalls on the real BTC closes', () => {
  // btc_spot_daily.csv: 2025-11-30 close 90,360.00; 2025-12-30 88,485.49; 2026-01-31 78,741.09.
  const history = realHistory('2025-10-01', '2026-01-31');

  it('GIVEN a Bearish call on 1 December THEN its outcome is the close of 30 December, the last close 30 days later', () => {
    const [j] = judgeCalls([call('brief:BTC:2025-12-01T08:00', '2025-12-01T08:00:03Z')], history, 78741.09);
    expect(j!.outcome!).toBeCloseTo(88485.49 / 90360 - 1, 12);
    expect(j!.held, 'spot was lower: a Bearish call held').toBe(true);
    expect(j!.since!).toBeCloseTo(78741.09 / 90360 - 1, 12);
  });

  it('GIVEN a Bullish call then THEN the same fall is a miss, and a call too recent is pending', () => {
    const judged = judgeCalls(
      [call('alert:BTC#4', '2025-12-01T12:03:02Z', { label: 'Bullish' }), call('alert:BTC#5', '2026-01-10T00:03:00Z', { spot: 90500 })],
      history,
      null,
    );
    expect(judged.map((j) => j.held)).toEqual([false, null]);
    expect(judged[1]!.outcome, 'the close of 8 February is not stored').toBeNull();
    expect(judged[0]!.since, 'no price now').toBeNull();
  });

  it('sums up: calls by kind, those judged, held, and the confidence they stated', () => {
    const judged = judgeCalls(
      [call('brief:BTC:2025-12-01T08:00', '2025-12-01T08:00:03Z', { confidence: 0.4 }), call('alert:BTC#4', '2025-12-01T12:03:02Z', { label: 'Bullish', confidence: 0.5 }), call('alert:BTC#5', '2026-01-10T00:03:00Z')],
      history,
      78741.09,
    );
    const s = summarize(judged);
    expect(s).toEqual({ calls: 3, briefs: 1, alerts: 2, since: '2025-12-01', judged: 2, held: 1, meanStated: 0.45 });
    expect(recordLine('BTC', s)).toBe(
      '3 BTC calls published since 1 December 2025 (1 brief, 2 alerts). Of the 2 calls at least 30 days old, 1 was followed by spot moving the called way 30 days later (50%), against the 45% they stated on average.',
    );
  });
});

describe('the /track sentences', () => {
  it('GIVEN no call THEN it says how calls get recorded', () => {
    expect(recordLine('ETH', summarize([]))).toBe('No ETH call has been published yet: a call is recorded when a brief or an alert stating it is first delivered.');
  });

  it('GIVEN calls none of which is 30 days old THEN none is judged', () => {
    expect(recordLine('BTC', { calls: 1, briefs: 1, alerts: 0, since: '2026-01-30', judged: 0, held: 0, meanStated: null })).toBe(
      '1 BTC call published since 30 January 2026 (1 brief, 0 alerts). None is 30 days old yet, so none can be judged.',
    );
  });

  it('states the replay per label, with its days and base rates, counted from the table', () => {
    const cal = calibrate(replayHistory(realHistory('2024-01-01', '2026-01-31'), [0, 0.02]));
    const share = (l: 'Bullish' | 'Neutral' | 'Bearish') => `${Math.round((cal.byLabel[l].held / cal.byLabel[l].cases) * 100)}%`;
    const base = (l: 'Bullish' | 'Neutral' | 'Bearish') => `${Math.round(cal.base[l]! * 100)}%`;
    expect(replayLine(cal)).toBe(
      `In the replay of ${cal.days} stored days (1 March 2024 to 1 January 2026), spot moved the labelled way 30 days later after ` +
        `${share('Bullish')} of Bullish days (${cal.byLabel.Bullish.cases}; base rate ${base('Bullish')}), ${share('Neutral')} of Neutral days (${cal.byLabel.Neutral.cases}; base rate ${base('Neutral')}) ` +
        `and ${share('Bearish')} of Bearish days (${cal.byLabel.Bearish.cases}; base rate ${base('Bearish')}).`,
    );
    expect(cal.days, 'every day from 1 March 2024 (60 days in) to 1 January 2026 (30 days before the end)').toBe(672);
    expect(replayLine(null)).toBe('Too little history is stored yet to replay: the confidence each call states is not yet measured.');
  });
});

describe('the /track record sentence with one judged call', () => {
  it('says whether it held, without a percentage of one', () => {
    const one = { calls: 1, briefs: 1, alerts: 0, since: '2025-12-01', judged: 1, held: 0, meanStated: 0.37 };
    expect(recordLine('BTC', one)).toBe('1 BTC call published since 1 December 2025 (1 brief, 0 alerts). It was not followed by spot moving the called way 30 days later, against the 37% it stated.');
    expect(recordLine('BTC', { ...one, calls: 3, alerts: 2, held: 1 })).toBe(
      '3 BTC calls published since 1 December 2025 (1 brief, 2 alerts). The one call at least 30 days old was followed by spot moving the called way 30 days later, against the 37% it stated.',
    );
  });
});
