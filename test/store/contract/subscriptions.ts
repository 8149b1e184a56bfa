/** SubscriptionStore: one brief and one alert subscription per chat, and chats that move or leave. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVELS } from '../../../core/alerts/types.js';
import type { AlertSubscription, Destination } from '../../../core/ports.js';
import { SUPERGROUP, T0, brief, discord, tg, useStore } from './harness.js';
import type { StoreFactory } from './harness.js';

const alerts = (destination: Destination, assets: string[], updatedAt = T0, levels = DEFAULT_LEVELS): AlertSubscription => ({
  destination,
  assets,
  levels: { ...levels },
  updatedAt,
});

export function subscriptionsContract(name: string, factory: StoreFactory): void {
  describe(`SubscriptionStore contract: ${name}`, () => {
    const t = useStore(factory);
    const subs = () => t.store.subscriptions;

    it('sets, replaces and removes a brief, and reports whether one was removed', async () => {
      expect(await subs().chatSettings(tg('42')), 'a new chat has nothing').toEqual({ brief: null, alerts: null });
      await subs().setBrief(brief(tg('42'), '08:00', ['BTC']));
      await subs().setBrief(brief(tg('42'), '21:30', ['BTC', 'ETH']));
      expect((await subs().chatSettings(tg('42'))).brief, 'the second setBrief replaced the first').toEqual(brief(tg('42'), '21:30', ['BTC', 'ETH']));
      expect(await subs().listBriefs(), 'one chat has one brief').toHaveLength(1);
      expect(await subs().removeBrief(tg('42')), 'there was a brief to remove').toBe(true);
      expect(await subs().removeBrief(tg('42')), 'nothing left to remove').toBe(false);
      expect((await subs().chatSettings(tg('42'))).brief).toBeNull();
    });

    it('round-trips a 52-bit Telegram supergroup id exactly', async () => {
      await subs().setBrief(brief(tg(SUPERGROUP)));
      await subs().setAlerts(tg(SUPERGROUP), ['BTC'], T0);
      const [b] = await subs().listBriefs();
      expect(b?.destination.chatId, 'every digit survives').toBe(SUPERGROUP);
      expect(b?.createdAt, 'epoch milliseconds survive as a number').toBe(T0);
      expect(await subs().listAlerts()).toEqual([alerts(tg(SUPERGROUP), ['BTC'])]);
    });

    it('turns alerts on for some assets, saying whether they were off, and lists chats by platform then id', async () => {
      expect(await subs().setAlerts(tg('1'), ['BTC'], T0), 'off → on').toBe(true);
      expect(await subs().setAlerts(tg('1'), ['BTC', 'ETH'], T0 + 1), 'already on: the asset list is replaced').toBe(false);
      expect(await subs().setAlerts(discord('998877665544332211'), [], T0), 'no assets: the bot’s default asset').toBe(true);
      expect(await subs().listAlerts(), 'discord sorts before telegram').toEqual([alerts(discord('998877665544332211'), []), alerts(tg('1'), ['BTC', 'ETH'], T0 + 1)]);
      expect((await subs().chatSettings(tg('1'))).alerts).toEqual(alerts(tg('1'), ['BTC', 'ETH'], T0 + 1));
    });

    it('removes alerts, saying whether they were on', async () => {
      expect(await subs().removeAlerts(tg('1')), 'nothing to remove').toBe(false);
      await subs().setAlerts(tg('1'), ['BTC'], T0);
      expect(await subs().removeAlerts(tg('1')), 'on → off').toBe(true);
      expect((await subs().chatSettings(tg('1'))).alerts).toBeNull();
      expect(await subs().listAlerts()).toEqual([]);
    });

    it('changes some kinds’ levels, keeps them when the assets change, and refuses a chat with alerts off', async () => {
      expect(await subs().setAlertLevels(tg('1'), { funding: 'off' }, T0), 'alerts are off: nothing to change').toBeNull();
      expect((await subs().chatSettings(tg('1'))).alerts, 'and nothing was stored').toBeNull();
      await subs().setAlerts(tg('1'), ['BTC'], T0);
      const funding = await subs().setAlertLevels(tg('1'), { funding: 'off' }, T0 + 1);
      expect(funding, 'the updated subscription, every kind filled in').toEqual(alerts(tg('1'), ['BTC'], T0 + 1, { ...DEFAULT_LEVELS, funding: 'off' }));
      await subs().setAlertLevels(tg('1'), { cross: 'silent', band: 'silent' }, T0 + 2);
      expect(await subs().setAlerts(tg('1'), ['ETH'], T0 + 3), 'still on').toBe(false);
      expect((await subs().chatSettings(tg('1'))).alerts, 'a later change adds to the earlier; new assets keep the levels').toEqual(
        alerts(tg('1'), ['ETH'], T0 + 3, { ...DEFAULT_LEVELS, funding: 'off', cross: 'silent', band: 'silent' }),
      );
      await subs().removeAlerts(tg('1'));
      await subs().setAlerts(tg('1'), ['BTC'], T0 + 4);
      expect((await subs().chatSettings(tg('1'))).alerts?.levels, 'turning alerts off forgets the levels').toEqual(DEFAULT_LEVELS);
    });

    it('keeps the same chat id on two platforms apart', async () => {
      await subs().setBrief(brief(tg('7'), '08:00'));
      await subs().setBrief(brief(discord('7'), '09:00'));
      await subs().setAlerts(discord('7'), ['ETH'], T0);
      expect((await subs().chatSettings(tg('7'))).brief?.time).toBe('08:00');
      expect((await subs().chatSettings(tg('7'))).alerts).toBeNull();
      expect((await subs().chatSettings(discord('7'))).brief?.time).toBe('09:00');
      expect(await subs().listBriefs()).toHaveLength(2);
    });

    it('moves a migrated group to its new id: brief and alerts follow, and win over settings already there', async () => {
      const group = tg('-4012345678');
      await subs().setBrief(brief(group, '07:15', ['ETH']));
      await subs().setAlerts(group, ['ETH'], T0);
      await subs().setAlertLevels(group, { regime: 'silent' }, T0);
      await subs().setBrief(brief(tg(SUPERGROUP), '12:00', ['BTC']));
      await subs().setAlerts(tg(SUPERGROUP), ['BTC'], T0 + 1);

      await subs().moveDestination(group, tg(SUPERGROUP));

      expect(await subs().chatSettings(group), 'the old id is empty').toEqual({ brief: null, alerts: null });
      const moved = await subs().chatSettings(tg(SUPERGROUP));
      expect(moved.brief, 'the brief the users set up moved, with its time and assets').toEqual(brief(tg(SUPERGROUP), '07:15', ['ETH']));
      expect(moved.alerts, 'so did the alerts, with their levels').toEqual(alerts(tg(SUPERGROUP), ['ETH'], T0, { ...DEFAULT_LEVELS, regime: 'silent' }));
      expect(await subs().listBriefs(), 'one brief, not two').toHaveLength(1);
      expect(await subs().listAlerts()).toHaveLength(1);
    });

    it('retires a chat that blocked the bot, leaving other chats alone', async () => {
      await subs().setBrief(brief(tg('5')));
      await subs().setAlerts(tg('5'), ['BTC'], T0);
      await subs().setBrief(brief(tg('6')));
      await subs().retireDestination(tg('5'));
      expect(await subs().chatSettings(tg('5'))).toEqual({ brief: null, alerts: null });
      expect((await subs().listBriefs()).map((b) => b.destination), 'chat 6 keeps its brief').toEqual([tg('6')]);
      expect(await subs().listAlerts()).toEqual([]);
    });

    it('hands out copies: changing a returned subscription does not change the stored one', async () => {
      await subs().setBrief(brief(tg('9'), '08:00', ['BTC']));
      await subs().setAlerts(tg('9'), ['BTC'], T0);
      const got = await subs().chatSettings(tg('9'));
      got.brief?.assets.push('ETH');
      got.alerts?.assets.push('ETH');
      if (got.alerts) got.alerts.levels.basis = 'off';
      const again = await subs().chatSettings(tg('9'));
      expect(again.brief?.assets).toEqual(['BTC']);
      expect(again.alerts).toEqual(alerts(tg('9'), ['BTC']));
    });
  });
}
