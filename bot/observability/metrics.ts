/**
 * The Metrics port over prom-client, with its own registry (no global state): counters for what
 * happened, gauges read at scrape time for what is (market-data age, the outbox), and prom-client's
 * default process metrics. Imported only when HEALTH_PORT is set, so a bot without it never loads
 * prom-client.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger, Metrics, OutboxStatus, OutboxStore, Platform } from '../../core/ports.js';
import { describeError } from '../../commands/dispatch.js';

export interface PromMetrics extends Metrics {
  readonly registry: Registry;
  /** The Prometheus text exposition of every metric. */
  scrape(): Promise<string>;
  readonly contentType: string;
  /** Reports the outbox's rows by status and how long its oldest due row has waited, at each scrape. */
  watchOutbox(outbox: OutboxStore, platforms: readonly Platform[]): void;
  /** The last snapshot time of each asset seen (for /healthz). */
  marketDataTimes(): ReadonlyMap<string, number>;
  isLeader(): boolean;
  /** Reads leadership at each scrape (and for /healthz) instead of waiting for setLeader calls. */
  leaderFrom(read: () => boolean): void;
}

export interface PromMetricsOptions {
  now: () => number;
  logger: Logger;
  /** prom-client's default process metrics (event-loop lag, memory, CPU, GC); on unless false. */
  processMetrics?: boolean;
}

const STATUSES: OutboxStatus[] = ['pending', 'sent', 'failed', 'skipped-late', 'stale', 'moved', 'cancelled'];

export function createPromMetrics(o: PromMetricsOptions): PromMetrics {
  const registry = new Registry();
  if (o.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const seconds = (ms: number) => Math.max(0, ms) / 1000;

  const commands = new Counter({ name: 'basisbot_commands_total', help: 'Commands answered, by command and outcome.', labelNames: ['command', 'outcome'], registers });
  const deliveries = new Counter({
    name: 'basisbot_deliveries_total',
    help: 'Outbox delivery attempts, by platform, message kind and outcome.',
    labelNames: ['platform', 'kind', 'outcome'],
    registers,
  });
  const rateLimited = new Counter({ name: 'basisbot_rate_limited_total', help: 'Responses 429 Too Many Requests from a chat platform.', labelNames: ['platform'], registers });
  const exchangeErrors = new Counter({
    name: 'basisbot_exchange_errors_total',
    help: 'Exchange requests that failed after their retries, by venue and kind (retryable, restricted, bad-symbol, fatal).',
    labelNames: ['venue', 'kind'],
    registers,
  });

  const snapshots = new Map<string, number>();
  new Gauge({
    name: 'basisbot_market_data_age_seconds',
    help: 'Age of the newest live market snapshot, by asset.',
    labelNames: ['asset'],
    registers,
    collect() {
      this.reset();
      for (const [asset, at] of snapshots) this.set({ asset }, seconds(o.now() - at));
    },
  });

  let outbox: { store: OutboxStore; platforms: readonly Platform[] } | null = null;
  let counts: Record<OutboxStatus, number> | null = null;
  let oldestDue: number | null = null;
  // Both gauges come from the same two queries; the first gauge collected runs them for both.
  let reading: Promise<void> | null = null;
  const readOutbox = () =>
    (reading ??= (async () => {
      if (!outbox) return;
      try {
        const [c, next] = await Promise.all([outbox.store.counts(), outbox.store.nextDueAt([...outbox.platforms])]);
        counts = c;
        oldestDue = next;
      } catch (err) {
        o.logger.warn('metrics: could not read the outbox', { err: describeError(err) });
        counts = null;
        oldestDue = null;
      }
    })().finally(() => setImmediate(() => (reading = null))));

  new Gauge({
    name: 'basisbot_outbox_rows',
    help: 'Outbox rows by status; status="pending" is the queue depth (shared by every instance on one database).',
    labelNames: ['status'],
    registers,
    async collect() {
      await readOutbox();
      this.reset();
      if (counts) for (const s of STATUSES) this.set({ status: s }, counts[s] ?? 0);
    },
  });
  new Gauge({
    name: 'basisbot_outbox_oldest_due_age_seconds',
    help: 'How long the oldest pending row that is due has been waiting to be sent (0 when none is due).',
    registers,
    async collect() {
      await readOutbox();
      this.set(oldestDue === null ? 0 : seconds(o.now() - oldestDue));
    },
  });

  let leader = () => true; // one instance without a lease leads itself
  new Gauge({
    name: 'basisbot_leader',
    help: '1 while this instance holds the leader lease (runs the Telegram poller, the Discord gateway, the scheduler and the alert watcher).',
    registers,
    collect() {
      this.set(leader() ? 1 : 0);
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    scrape: () => registry.metrics(),
    watchOutbox(store, platforms) {
      outbox = { store, platforms };
    },
    marketDataTimes: () => snapshots,
    isLeader: () => leader(),
    leaderFrom(read) {
      leader = read;
    },
    command: (command, outcome) => commands.inc({ command, outcome }),
    delivery: (platform, kind, outcome) => deliveries.inc({ platform, kind, outcome }),
    rateLimited: (platform) => rateLimited.inc({ platform }),
    exchangeError: (venue, kind) => exchangeErrors.inc({ venue, kind }),
    marketData(asset, at) {
      if (at > (snapshots.get(asset) ?? -Infinity)) snapshots.set(asset, at);
    },
    setLeader(isLeader) {
      leader = () => isLeader;
    },
  };
}
