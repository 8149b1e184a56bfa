/**
 * The alert watcher: a producer for the outbox. Every check it reads each asset that some chat
 * watches — once per asset, however many chats watch it — from a live quote no older than the
 * check interval and the stored daily history, runs the pure transition detector (core/alerts), and
 * queues one alert per chat naming every transition of that check the chat wants and is not cooling
 * down from. The detector's state and each chat's last alerts live in the store, so a restart never
 * repeats an alert nor forgets a cool-down.
 *
 * Crash safety: rows are keyed `ASSET#seq` (seq from the detector, deterministic for a given state),
 * and the state is saved last. A check interrupted after queueing is re-run from the old state and
 * writes the same keys, which the outbox ignores.
 */
import { detectTransitions, selectForChat, writeAlert, type AlertReadings, type Transition } from '../../core/alerts/index.js';
import { alertReadings } from '../../core/alerts/readings.js';
import { ASSET_NAMES } from '../../core/analysis.js';
import { destinationKey } from '../../core/ports.js';
import type { AlertKind, AlertSubscription, OutboxEntry, Platform } from '../../core/ports.js';
import { describeError } from '../../commands/dispatch.js';
import { analyzeMarket, callOf, drawChart } from '../../commands/market-view.js';
import type { CommandDeps } from '../../commands/types.js';
import { publish, type Payload } from '../delivery/payloads.js';
import { ALERT_STALE_MS, PRIORITY } from '../delivery/policy.js';
import { alertReply } from './reply.js';

export interface WatcherDeps {
  deps: CommandDeps;
  /** ALERT_CHECK_INTERVAL_SECONDS, in ms: also the oldest quote a check may judge on. */
  intervalMs: number;
  /** ALERT_COOLDOWN_MINUTES. */
  cooldownMinutes: number;
  /** Chats on other platforms are not alerted while their platform is not running. */
  platforms: readonly Platform[];
  onQueued?: () => void;
}

export interface CheckReport {
  at: number;
  checked: string[]; // assets read
  transitions: Record<string, AlertKind[]>;
  queued: string[]; // outbox keys
  failed: Record<string, string>; // asset → why it could not be checked
}

export interface AlertWatcher {
  check(now?: number): Promise<CheckReport>;
  start(): void;
  /** Stops the timer; resolves when a check in progress has finished. */
  stop(): Promise<void>;
}

export function createAlertWatcher(w: WatcherDeps): AlertWatcher {
  const { deps } = w;
  const { store, logger, clock } = deps;
  const cooldownMs = w.cooldownMinutes * 60_000;
  const running = new Set(w.platforms);
  const failing = new Set<string>(); // assets whose failure was logged: once per outage, not per check
  let current: Promise<CheckReport> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  function watchers(subs: AlertSubscription[]): Map<string, AlertSubscription[]> {
    const byAsset = new Map<string, AlertSubscription[]>();
    for (const sub of subs) {
      if (!running.has(sub.destination.platform)) continue;
      for (const asset of sub.assets.length ? sub.assets : [deps.settings.defaultAsset]) {
        byAsset.set(asset, [...(byAsset.get(asset) ?? []), sub]);
      }
    }
    return byAsset;
  }

  async function checkAsset(asset: string, subs: AlertSubscription[], now: number, report: CheckReport): Promise<void> {
    const view = await analyzeMarket(asset, deps, { maxQuoteAgeMs: w.intervalMs });
    const readings = alertReadings(view.analysis, deps.settings.band);
    const { state, transitions } = detectTransitions(await store.alerts.getState(asset), readings, now);
    report.checked.push(asset);
    if (transitions.length > 0) {
      report.transitions[asset] = transitions.map((t) => t.kind);
      report.queued.push(...(await queue(asset, state.seq, transitions, readings, view, subs, now)));
    }
    await store.alerts.putState(asset, state, now);
  }

  async function queue(
    asset: string,
    seq: number,
    transitions: Transition[],
    readings: AlertReadings,
    view: Awaited<ReturnType<typeof analyzeMarket>>,
    subs: AlertSubscription[],
    now: number,
  ): Promise<string[]> {
    const last = await store.alerts.lastAlerted(asset);
    const name = ASSET_NAMES[asset] ?? asset;
    const chart = drawChart(asset, view.history, deps);
    const renders = new Map<string, { payload: Payload; kinds: AlertKind[] } | null>(); // one per set of kinds
    const entries: OutboxEntry[] = [];
    const marks: { destination: AlertSubscription['destination']; asset: string; kinds: AlertKind[] }[] = [];
    for (const sub of subs) {
      const pick = selectForChat(transitions, sub.levels, last.get(destinationKey(sub.destination)) ?? {}, now, cooldownMs);
      if (!pick) continue;
      const key = `alert:${asset}#${seq}:${pick.kinds.join('+')}`;
      if (!renders.has(key)) {
        const message = writeAlert(name, transitions.filter((t) => pick.kinds.includes(t.kind)), view.analysis, readings);
        // Every kind-set rendered for this check states the same call: one id, recorded once (/track).
        const call = { ...callOf(view), id: `alert:${asset}#${seq}` };
        renders.set(key, message && { payload: { key, reply: { ...alertReply(message, view.snapshot), image: chart, call } }, kinds: message.kinds });
      }
      const render = renders.get(key);
      if (!render) continue; // the readings no longer back any of its transitions: say nothing
      entries.push({
        destination: sub.destination,
        kind: 'alert',
        slot: `${asset}#${seq}`,
        payloads: [key],
        silent: pick.silent,
        priority: PRIORITY.alert,
        dueAt: now,
        expiresAt: Math.min(...transitions.map((t) => t.at)) + ALERT_STALE_MS,
      });
      marks.push({ destination: sub.destination, asset, kinds: render.kinds });
    }
    const payloads = [...renders.values()].flatMap((r) => (r ? [r.payload] : []));
    const inserted = await publish(store.outbox, payloads, entries, now);
    await store.alerts.markAlerted(marks, now);
    if (inserted.length) {
      logger.info('alerts queued', { asset, seq, kinds: transitions.map((t) => t.kind), chats: inserted.length });
      w.onQueued?.();
    }
    return inserted;
  }

  async function run(now: number): Promise<CheckReport> {
    const report: CheckReport = { at: now, checked: [], transitions: {}, queued: [], failed: {} };
    const byAsset = watchers(await store.subscriptions.listAlerts());
    for (const [asset, subs] of byAsset) {
      try {
        await checkAsset(asset, subs, now, report);
        if (failing.delete(asset)) logger.info('alert check recovered', { asset });
      } catch (err) {
        // The state is untouched: the next check judges from where this one could not.
        report.failed[asset] = describeError(err);
        if (!failing.has(asset)) logger.warn('alert check failed; will try again at the next check', { asset, err: describeError(err) });
        failing.add(asset);
      }
    }
    return report;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      current = run(clock.now()).finally(() => {
        current = null;
        schedule();
      });
    }, w.intervalMs);
  }

  return {
    async check(now = clock.now()) {
      while (current) await current.catch(() => undefined); // one check at a time
      current = run(now);
      try {
        return await current;
      } finally {
        current = null;
      }
    },
    start() {
      if (timer === null && !stopped) schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current?.catch(() => undefined);
    },
  };
}
