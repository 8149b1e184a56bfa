/**
 * What every contract suite runs on: a factory handing out a fresh, empty store (and a way to
 * dispose of it), and the fixtures the suites share.
 */
import { afterEach, beforeEach } from 'vitest';
import type { BriefSubscription, Destination, OutboxEntry, Store } from '../../../core/ports.js';

export interface OpenedStore {
  store: Store;
  dispose?: () => Promise<void>;
  /** A second store on the same data (another process, in effect); without it the suites use `store` twice. */
  twin?: () => Promise<Store>;
}
export type StoreFactory = () => Promise<OpenedStore>;

export interface StoreUnderTest {
  readonly store: Store;
  twin(): Promise<Store>;
}

/** Registers the hooks of one suite: a fresh store per test, closed (with its twins) afterwards. */
export function useStore(factory: StoreFactory): StoreUnderTest {
  let opened: OpenedStore;
  let twins: Store[] = [];
  beforeEach(async () => {
    opened = await factory();
    twins = [];
  });
  afterEach(async () => {
    for (const t of twins) await t.close();
    await opened.store.close();
    await opened.dispose?.();
  });
  return {
    get store() {
      return opened.store;
    },
    async twin() {
      if (!opened.twin) return opened.store;
      const t = await opened.twin();
      twins.push(t);
      return t;
    },
  };
}

export const T0 = Date.UTC(2026, 0, 15, 7, 0); // 2026-01-15 07:00 UTC, beyond 32-bit seconds-as-ms
export const MINUTE = 60_000;
export const tg = (chatId: string): Destination => ({ platform: 'telegram', chatId });
export const discord = (chatId: string): Destination => ({ platform: 'discord', chatId });
// A Telegram supergroup id: 52 bits, loses digits if it ever passes through a float32 or int32.
export const SUPERGROUP = '-1001234567890123';

export const brief = (dest: Destination, time = '08:00', assets = ['BTC']): BriefSubscription => ({
  destination: dest,
  time,
  timezone: 'Europe/Berlin',
  assets,
  createdAt: T0,
});

/** A brief for `day` (its slot), due at `dueAt`, sendable for an hour. */
export const briefEntry = (dest: Destination, day: string, dueAt = T0): OutboxEntry => ({
  destination: dest,
  kind: 'brief',
  slot: day,
  payloads: [`brief:BTC:${day}`],
  silent: false,
  priority: 10,
  dueAt,
  expiresAt: dueAt + 60 * MINUTE,
});

/** An alert (`ASSET#seq`), silent when asked, ahead of briefs, stale after 15 minutes. */
export const alertEntry = (dest: Destination, slot: string, dueAt = T0, silent = false): OutboxEntry => ({
  destination: dest,
  kind: 'alert',
  slot,
  payloads: [`alert:${slot}`],
  silent,
  priority: 20,
  dueAt,
  expiresAt: dueAt + 15 * MINUTE,
});
