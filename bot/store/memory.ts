/**
 * The in-memory Store: a real implementation (used by tests and the console mode), held to the same
 * contract suites as SQLite and Postgres (test/store/contract/). Values are copied in and out.
 */
import type { Store } from '../../core/ports.js';
import { createMemoryAlertState } from './memory/alertState.js';
import { createMemoryCalls } from './memory/calls.js';
import { createMemoryCluster } from './memory/cluster.js';
import { createMemoryHistory } from './memory/history.js';
import { createMemoryOutbox } from './memory/outbox.js';
import { createMemorySubscriptions } from './memory/subscriptions.js';

export function createMemoryStore(): Store {
  return {
    history: createMemoryHistory(),
    subscriptions: createMemorySubscriptions(),
    outbox: createMemoryOutbox(),
    alerts: createMemoryAlertState(),
    cluster: createMemoryCluster(),
    calls: createMemoryCalls(),
    async close() {},
  };
}
