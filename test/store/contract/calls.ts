/** CallStore: the bot's published calls, one per key, the first delivery standing; read per asset newest first. */
import { describe, expect, it } from 'vitest';
import type { PublishedCall } from '../../../core/ports.js';
import { MINUTE, T0, useStore } from './harness.js';
import type { StoreFactory } from './harness.js';

// Figures as the 7 February 2026 note stated them (spot: the Binance close, 69,289.4).
const call = (key: string, publishedAt: number, over: Partial<PublishedCall> = {}): PublishedCall => ({
  key,
  kind: key.startsWith('alert:') ? 'alert' : 'brief',
  asset: 'BTC',
  publishedAt,
  day: '2026-02-07',
  label: 'Bearish',
  score: -0.7005,
  confidence: 0.3740,
  cases: 75,
  basis: -0.0259,
  spot: 69289.4,
  ...over,
});

export function callsContract(name: string, factory: StoreFactory): void {
  describe(`CallStore contract: ${name}`, () => {
    const t = useStore(factory);
    const calls = () => t.store.calls;

    it('records a call once: a later delivery of the same call keeps the first one’s time and figures', async () => {
      const first = call('alert:BTC#9', T0);
      expect(await calls().record([first, call('alert:BTC#9', T0 + 1)]), 'a key twice in one call is recorded once').toEqual(['alert:BTC#9']);
      expect(await calls().record([call('alert:BTC#9', T0 + MINUTE, { spot: 1 })]), 'delivered again to another chat').toEqual([]);
      expect(await calls().list('BTC', 10), 'every field round-trips, the first delivery standing').toEqual([first]);
    });

    it('keeps a missing confidence and basis as null, not zero', async () => {
      const c = call('brief:SOL:2026-02-08T08:00', T0, { asset: 'SOL', confidence: null, basis: null, cases: 0, label: 'Neutral', score: 0.05 });
      await calls().record([c]);
      expect(await calls().list('SOL', 10)).toEqual([c]);
    });

    it('lists one asset’s calls newest first, up to the limit', async () => {
      await calls().record([
        call('brief:BTC:2026-02-06T08:00', T0 - 24 * 60 * MINUTE, { day: '2026-02-05', label: 'Neutral', score: -0.15 }),
        call('alert:BTC#9', T0),
        call('brief:BTC:2026-02-08T08:00', T0 + 23 * 60 * MINUTE, { day: '2026-02-07' }),
        call('brief:ETH:2026-02-08T08:00', T0 + 23 * 60 * MINUTE, { asset: 'ETH', spot: 2060.5 }),
      ]);
      expect((await calls().list('BTC', 10)).map((c) => c.key)).toEqual(['brief:BTC:2026-02-08T08:00', 'alert:BTC#9', 'brief:BTC:2026-02-06T08:00']);
      expect((await calls().list('BTC', 2)).map((c) => c.key), 'the newest two').toEqual(['brief:BTC:2026-02-08T08:00', 'alert:BTC#9']);
      expect((await calls().list('ETH', 10)).map((c) => c.spot), 'assets apart').toEqual([2060.5]);
      expect(await calls().list('DOGE', 10)).toEqual([]);
    });

    it('records a large batch in one call (chunked under the drivers’ parameter limits)', async () => {
      const many = Array.from({ length: 1_200 }, (_, i) => call(`alert:BTC#${i + 1}`, T0 + i * MINUTE));
      expect(await calls().record(many)).toHaveLength(1_200);
      expect((await calls().list('BTC', 5_000)).length).toBe(1_200);
    });
  });
}
