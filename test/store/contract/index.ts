/**
 * The one behaviour every Store must have, part by part, run against memory, SQLite and Postgres
 * (memory.test.ts, sqlite.test.ts, postgres.test.ts).
 */
import { alertStateContract } from './alertState.js';
import { callsContract } from './calls.js';
import { clusterContract } from './cluster.js';
import type { StoreFactory } from './harness.js';
import { historyContract } from './history.js';
import { outboxQueueContract } from './outbox.js';
import { outboxChatsContract } from './outboxChats.js';
import { subscriptionsContract } from './subscriptions.js';

export type { OpenedStore, StoreFactory } from './harness.js';

export function storeContract(name: string, factory: StoreFactory): void {
  historyContract(name, factory);
  subscriptionsContract(name, factory);
  outboxQueueContract(name, factory);
  outboxChatsContract(name, factory);
  alertStateContract(name, factory);
  clusterContract(name, factory);
  callsContract(name, factory);
}
