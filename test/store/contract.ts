/**
 * The one behaviour every Store must have, run against memory, SQLite and Postgres
 * (memory.test.ts, sqlite.test.ts, postgres.test.ts). A factory hands out a fresh, empty store and
 * a way to dispose of it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BriefSubscription, Destination, Store } from '../../core/ports.js';
import type { HistoryPoint } from '../../core/types.js';

export interface OpenedStore {
  store: Store;
  dispose?: () => Promise<void>;
}
export type StoreFactory = () => Promise<OpenedStore>;

const T0 = Date.UTC(2026, 0, 5, 8, 0); // 2026-01-05 08:00 UTC, beyond 32-bit seconds-as-ms
const tg = (chatId: string): Destination => ({ platform: 'telegram', chatId });
const discord = (chatId: string): Destination => ({ platform: 'discord', chatId });
// A Telegram supergroup id: 52 bits, loses digits if it ever passes through a float32 or int32.
const SUPERGROUP = '-1001234567890123';

const point = (day: string, series: HistoryPoint['series'], value: number, asset = 'BTC'): HistoryPoint => ({
  venue: 'binance',
  asset,
  series,
  day,
  value,
});
const brief = (dest: Destination, time = '08:00', assets = ['BTC']): BriefSubscription => ({
  destination: dest,
  time,
  timezone: 'Europe/Berlin',
  assets,
  createdAt: T0,
});

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    beforeEach(async () => {
      opened = await factory();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await opened.dispose?.();
    });

    describe('history', () => {
      it('returns points ordered by day whatever the insertion order, from the given day on', async () => {
        // Real Binance BTCUSDT spot closes (test/fixtures/data/btc_spot_daily.csv, 2024-01-01..03).
        await store.putHistory([point('2024-01-03', 'spot', 42836.27), point('2024-01-01', 'spot', 44179.55), point('2024-01-02', 'spot', 44946.91)]);
        await store.putHistory([point('2024-01-02', 'funding', 0.0003)]);
        const all = await store.loadHistory('binance', 'BTC', '2024-01-01');
        expect(all.map((p) => `${p.day} ${p.series}`), 'oldest day first; within a day by series').toEqual([
          '2024-01-01 spot',
          '2024-01-02 funding',
          '2024-01-02 spot',
          '2024-01-03 spot',
        ]);
        const later = await store.loadHistory('binance', 'BTC', '2024-01-02');
        expect(later.map((p) => p.day), 'fromDay is inclusive and earlier days are left out').toEqual(['2024-01-02', '2024-01-02', '2024-01-03']);
        expect(later[1], 'values round-trip as numbers').toEqual(point('2024-01-02', 'spot', 44946.91));
      });

      it('overwrites a repeated day instead of failing, so a top-up may overlap what is stored', async () => {
        await store.putHistory([point('2024-01-01', 'spot', 1), point('2024-01-02', 'spot', 2)]);
        await store.putHistory([point('2024-01-02', 'spot', 44946.91), point('2024-01-03', 'spot', 42836.27)]);
        const rows = await store.loadHistory('binance', 'BTC', '2000-01-01');
        expect(rows.map((p) => p.value), 'the later write of 2024-01-02 wins and no day is doubled').toEqual([1, 44946.91, 42836.27]);
      });

      it('keeps venues, assets and series apart, and knows the last stored day of each series', async () => {
        expect(await store.lastHistoryDay('binance', 'BTC', 'spot'), 'nothing stored yet').toBeNull();
        await store.putHistory([
          point('2024-01-01', 'spot', 1),
          point('2024-03-01', 'spot', 2),
          point('2024-02-01', 'spot', 3),
          point('2024-05-01', 'oi_usd', 4),
          point('2024-06-01', 'spot', 5, 'ETH'),
          { venue: 'okx', asset: 'BTC', series: 'spot', day: '2024-07-01', value: 6 },
        ]);
        expect(await store.lastHistoryDay('binance', 'BTC', 'spot'), 'the latest day, not the latest written').toBe('2024-03-01');
        expect(await store.lastHistoryDay('binance', 'BTC', 'oi_usd')).toBe('2024-05-01');
        expect(await store.lastHistoryDay('binance', 'ETH', 'spot')).toBe('2024-06-01');
        expect(await store.lastHistoryDay('binance', 'BTC', 'funding')).toBeNull();
        const btc = await store.loadHistory('binance', 'BTC', '2000-01-01');
        expect(btc.every((p) => p.asset === 'BTC' && p.venue === 'binance'), 'no ETH or okx rows leak in').toBe(true);
        expect(btc).toHaveLength(4);
      });

      it('stores a large batch (two years of six series) in one call', async () => {
        const points: HistoryPoint[] = [];
        for (let i = 0; i < 730; i++) {
          const day = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
          for (const s of ['spot', 'quarter', 'quarter_expiry', 'premium', 'funding', 'oi_usd'] as const) points.push(point(day, s, i + 0.5));
        }
        await store.putHistory(points);
        const rows = await store.loadHistory('binance', 'BTC', '2025-01-01');
        expect(rows, '730 days from 2024-01-01 (a leap year) leave 364 days in 2025, × 6 series').toHaveLength(364 * 6);
        expect(await store.lastHistoryDay('binance', 'BTC', 'oi_usd')).toBe('2025-12-30');
      });
    });

    describe('subscriptions', () => {
      it('sets, replaces and removes a brief, and reports whether one was removed', async () => {
        expect(await store.chatSettings(tg('42')), 'a new chat has nothing').toEqual({ brief: null, alerts: false });
        await store.setBrief(brief(tg('42'), '08:00', ['BTC']));
        await store.setBrief(brief(tg('42'), '21:30', ['BTC', 'ETH']));
        const settings = await store.chatSettings(tg('42'));
        expect(settings.brief, 'the second setBrief replaced the first').toEqual(brief(tg('42'), '21:30', ['BTC', 'ETH']));
        expect(await store.listBriefs(), 'one chat has one brief').toHaveLength(1);
        expect(await store.removeBrief(tg('42')), 'there was a brief to remove').toBe(true);
        expect(await store.removeBrief(tg('42')), 'nothing left to remove').toBe(false);
        expect((await store.chatSettings(tg('42'))).brief).toBeNull();
      });

      it('round-trips a 52-bit Telegram supergroup id exactly', async () => {
        await store.setBrief(brief(tg(SUPERGROUP)));
        await store.setAlerts(tg(SUPERGROUP), true, T0);
        const [b] = await store.listBriefs();
        expect(b?.destination.chatId, 'every digit survives').toBe(SUPERGROUP);
        expect(b?.createdAt, 'epoch milliseconds survive as a number').toBe(T0);
        expect(await store.listAlertDestinations()).toEqual([tg(SUPERGROUP)]);
        expect((await store.chatSettings(tg(SUPERGROUP))).alerts).toBe(true);
      });

      it('turns alerts on and off, saying whether anything changed', async () => {
        expect(await store.setAlerts(tg('1'), false, T0), 'already off').toBe(false);
        expect(await store.setAlerts(tg('1'), true, T0), 'off → on').toBe(true);
        expect(await store.setAlerts(tg('1'), true, T0 + 1), 'already on').toBe(false);
        await store.setAlerts(discord('998877665544332211'), true, T0);
        const dests = await store.listAlertDestinations();
        expect(new Set(dests.map((d) => `${d.platform}:${d.chatId}`)), 'both platforms listed').toEqual(
          new Set(['telegram:1', 'discord:998877665544332211']),
        );
        expect(await store.setAlerts(tg('1'), false, T0 + 2), 'on → off').toBe(true);
        expect(await store.listAlertDestinations()).toEqual([discord('998877665544332211')]);
      });

      it('keeps the same chat id on two platforms apart', async () => {
        await store.setBrief(brief(tg('7'), '08:00'));
        await store.setBrief(brief(discord('7'), '09:00'));
        expect((await store.chatSettings(tg('7'))).brief?.time).toBe('08:00');
        expect((await store.chatSettings(discord('7'))).brief?.time).toBe('09:00');
        expect(await store.listBriefs()).toHaveLength(2);
      });

      it('moves a migrated group to its new id: brief, alerts and ledger rows follow', async () => {
        const group = tg('-4012345678');
        await store.setBrief(brief(group, '07:15', ['ETH']));
        await store.setAlerts(group, true, T0);
        expect(await store.claimDelivery({ key: 'brief:telegram:-4012345678:2026-01-05', destination: group, dueAt: T0, updatedAt: T0 })).toBe(true);

        await store.moveDestination(group, tg(SUPERGROUP));

        expect(await store.chatSettings(group), 'the old id is empty').toEqual({ brief: null, alerts: false });
        const moved = await store.chatSettings(tg(SUPERGROUP));
        expect(moved.brief, 'the brief moved with its time and assets').toEqual(brief(tg(SUPERGROUP), '07:15', ['ETH']));
        expect(moved.alerts, 'alerts moved').toBe(true);
        expect(await store.listAlertDestinations()).toEqual([tg(SUPERGROUP)]);
        const rec = await store.getDelivery('brief:telegram:-4012345678:2026-01-05');
        expect(rec?.destination, 'the ledger row now points at the new chat').toEqual(tg(SUPERGROUP));
        expect(
          await store.claimDelivery({ key: 'brief:telegram:-4012345678:2026-01-05', destination: tg(SUPERGROUP), dueAt: T0, updatedAt: T0 }),
          'a delivery already claimed stays claimed after the move, so today’s brief is not sent twice',
        ).toBe(false);
      });

      it('retires a chat that blocked the bot, leaving other chats alone', async () => {
        await store.setBrief(brief(tg('5')));
        await store.setAlerts(tg('5'), true, T0);
        await store.setBrief(brief(tg('6')));
        await store.retireDestination(tg('5'));
        expect(await store.chatSettings(tg('5'))).toEqual({ brief: null, alerts: false });
        expect((await store.listBriefs()).map((b) => b.destination), 'chat 6 keeps its brief').toEqual([tg('6')]);
        expect(await store.listAlertDestinations()).toEqual([]);
      });

      it('hands out copies: changing a returned brief does not change the stored one', async () => {
        await store.setBrief(brief(tg('9'), '08:00', ['BTC']));
        const got = await store.chatSettings(tg('9'));
        got.brief?.assets.push('ETH');
        expect((await store.chatSettings(tg('9'))).brief?.assets).toEqual(['BTC']);
      });
    });

    describe('delivery ledger', () => {
      const claim = (key: string, dueAt = T0) => store.claimDelivery({ key, destination: tg(SUPERGROUP), dueAt, updatedAt: dueAt });

      it('claims a key once: the second claim is refused', async () => {
        expect(await claim('k1'), 'first claim').toBe(true);
        expect(await claim('k1'), 'second claim of the same key').toBe(false);
        expect(await store.getDelivery('k1')).toEqual({ key: 'k1', destination: tg(SUPERGROUP), status: 'pending', dueAt: T0, updatedAt: T0, detail: null });
      });

      it('lets exactly one of 20 concurrent claims of one key win', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, () => claim('race')));
        expect(results.filter(Boolean), 'one winner, nineteen refusals').toHaveLength(1);
      });

      it('finishes a delivery and lists deliveries by status, oldest due first', async () => {
        await claim('b', T0 + 60_000);
        await claim('a', T0);
        await claim('c', T0 + 120_000);
        await store.finishDelivery('c', 'sent', T0 + 130_000);
        await store.finishDelivery('b', 'failed', T0 + 70_000, 'Forbidden: bot was blocked by the user');
        expect((await store.listDeliveries('pending')).map((r) => r.key)).toEqual(['a']);
        expect(await store.getDelivery('c'), 'sent, with no detail').toEqual({
          key: 'c',
          destination: tg(SUPERGROUP),
          status: 'sent',
          dueAt: T0 + 120_000,
          updatedAt: T0 + 130_000,
          detail: null,
        });
        const failed = await store.listDeliveries('failed');
        expect(failed.map((r) => [r.key, r.detail]), 'the reason is kept').toEqual([['b', 'Forbidden: bot was blocked by the user']]);
        expect(await claim('c'), 'a finished delivery still blocks a new claim of its key').toBe(false);
        expect(await store.getDelivery('nope')).toBeNull();
        await store.finishDelivery('nope', 'sent', T0);
        expect(await store.getDelivery('nope'), 'finishing an unclaimed key creates nothing').toBeNull();
      });
    });
  });
}
