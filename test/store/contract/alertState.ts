/** AlertStateStore: the watcher's per-asset state and the per-chat marks its cooldowns read. */
import { describe, expect, it } from 'vitest';
import type { AlertState, Destination } from '../../../core/ports.js';
import { MINUTE, SUPERGROUP, T0, discord, tg, useStore } from './harness.js';
import type { StoreFactory } from './harness.js';

const state = (seq: number): AlertState => ({
  version: 1,
  kinds: { basis: { side: 'negative', since: T0 - 60 * MINUTE, candidate: null, count: 0 }, regime: { side: 'Bearish', since: T0, candidate: 'Neutral', count: 1 } },
  seq,
  checkedAt: T0,
});
const mark = (destination: Destination, kinds: ('basis' | 'regime' | 'funding')[], asset = 'BTC') => ({ destination, asset, kinds });

export function alertStateContract(name: string, factory: StoreFactory): void {
  describe(`AlertStateStore contract: ${name}`, () => {
    const t = useStore(factory);
    const alerts = () => t.store.alerts;

    it('keeps one state per asset, replaced whole by the next put', async () => {
      expect(await alerts().getState('BTC'), 'an asset never checked').toBeNull();
      await alerts().putState('BTC', state(6), T0);
      await alerts().putState('BTC', state(7), T0 + 1);
      await alerts().putState('ETH', state(1), T0);
      expect(await alerts().getState('BTC'), 'the state round-trips exactly, as the latest put left it').toEqual(state(7));
      expect((await alerts().getState('ETH'))?.seq).toBe(1);
    });

    it('remembers when each chat last got each kind of alert for an asset', async () => {
      await alerts().markAlerted([mark(tg(SUPERGROUP), ['basis', 'regime']), mark(discord('42'), ['funding']), mark(tg(SUPERGROUP), ['funding'], 'ETH')], T0);
      await alerts().markAlerted([mark(tg(SUPERGROUP), ['regime'])], T0 + MINUTE);
      const btc = await alerts().lastAlerted('BTC');
      expect(Object.fromEntries(btc), 'by destinationKey, the 52-bit id intact; a later mark replaces the earlier').toEqual({
        [`telegram:${SUPERGROUP}`]: { basis: T0, regime: T0 + MINUTE },
        'discord:42': { funding: T0 },
      });
      expect(Object.fromEntries(await alerts().lastAlerted('ETH')), 'assets apart').toEqual({ [`telegram:${SUPERGROUP}`]: { funding: T0 } });
      expect((await alerts().lastAlerted('SOL')).size).toBe(0);
    });

    it('marks thousands of chats in one call, a chat named twice counted once', async () => {
      const chats = Array.from({ length: 3_000 }, (_, i) => mark(tg(String(-1_000_000_000_000 - i)), ['basis', 'regime']));
      await alerts().markAlerted([...chats, mark(tg('-1000000000000'), ['basis'])], T0);
      const last = await alerts().lastAlerted('BTC');
      expect(last.size).toBe(3_000);
      expect(last.get('telegram:-1000000000000')).toEqual({ basis: T0, regime: T0 });
    });

    it('moves a chat’s marks to its new id, the later mark standing where both ids have one', async () => {
      const group = tg('-4012345678');
      await alerts().markAlerted([mark(group, ['basis', 'regime'])], T0 + MINUTE);
      await alerts().markAlerted([mark(tg(SUPERGROUP), ['basis'])], T0 + 2 * MINUTE);
      await alerts().markAlerted([mark(tg(SUPERGROUP), ['regime'])], T0);
      await alerts().moveDestination(group, tg(SUPERGROUP));
      expect(Object.fromEntries(await alerts().lastAlerted('BTC')), 'a cooldown started at either id still runs').toEqual({
        [`telegram:${SUPERGROUP}`]: { basis: T0 + 2 * MINUTE, regime: T0 + MINUTE },
      });
    });

    it('forgets a retired chat’s marks, and only that chat’s', async () => {
      await alerts().markAlerted([mark(tg('5'), ['basis']), mark(tg('6'), ['basis']), mark(tg('5'), ['basis'], 'ETH')], T0);
      await alerts().retireDestination(tg('5'));
      expect([...(await alerts().lastAlerted('BTC')).keys()]).toEqual(['telegram:6']);
      expect((await alerts().lastAlerted('ETH')).size).toBe(0);
    });
  });
}
