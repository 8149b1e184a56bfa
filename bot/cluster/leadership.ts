/**
 * Which instance leads. Several instances may run against one Postgres; one of them — the holder of
 * the `leader` lease — runs what must run once: the Telegram poller (or registers the webhook), the
 * Discord gateway session, the brief scheduler and the alert watcher. Every instance sends from the
 * outbox. The leader renews its lease every `renewMs`; a follower tries at the same pace and takes
 * over once the lease lapses (within ttlMs + renewMs of the leader's death: 20 s by default).
 *
 * A leader that cannot renew in time gives up leadership on its own (`lost`) before anyone else can
 * take it, so two pollers never run at once. On a single-process store (SQLite, memory) this
 * instance leads from the start and nothing is stored.
 */
import type { Clock, ClusterStore, Logger } from '../../core/ports.js';
import { describeError } from '../../commands/dispatch.js';

export const LEASE = { name: 'leader', ttlMs: 15_000, renewMs: 5_000 } as const;

export interface LeadershipOptions {
  cluster: ClusterStore | null; // null: a single-process store, always the leader
  holder: string;
  clock: Clock;
  logger: Logger;
  ttlMs?: number;
  renewMs?: number;
}

export interface Leadership {
  /** Resolves once this instance leads. */
  readonly elected: Promise<void>;
  /** Resolves if this instance, having led, could not renew its lease in time. */
  readonly lost: Promise<void>;
  isLeader(): boolean;
  /** One round of the lease (the timer calls it; tests call it with their clock). */
  round(now?: number): Promise<boolean>;
  start(): void;
  /** Stops renewing and hands the lease back, so a follower takes over at once. */
  stop(): Promise<void>;
}

export function createLeadership(o: LeadershipOptions): Leadership {
  const ttlMs = o.ttlMs ?? LEASE.ttlMs;
  const renewMs = o.renewMs ?? LEASE.renewMs;
  let leader = false;
  let renewedAt = -Infinity;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let elect!: () => void;
  let lose!: () => void;
  const elected = new Promise<void>((r) => (elect = r));
  const lost = new Promise<void>((r) => (lose = r));

  function become(): void {
    if (leader) return;
    leader = true;
    o.logger.info('this instance leads: it runs the pollers, the scheduler and the alert watcher', { holder: o.holder });
    elect();
  }

  function resign(why: string): void {
    if (!leader) return;
    leader = false;
    o.logger.error(`leadership lost: ${why}; this instance stops so that two leaders never run`, { holder: o.holder });
    lose();
  }

  async function round(now = o.clock.now()): Promise<boolean> {
    if (stopped) return leader;
    if (!o.cluster) {
      become();
      return true;
    }
    try {
      if (await o.cluster.acquireLease(LEASE.name, o.holder, ttlMs, now)) {
        renewedAt = now;
        become();
      } else resign('another instance holds the lease');
    } catch (err) {
      // Keep leading only while the last renewal still covers us, with a round to spare.
      if (leader && now - renewedAt > ttlMs - renewMs) resign(`the lease could not be renewed (${describeError(err)})`);
      else o.logger.warn('leader lease: the store did not answer; trying again', { err: describeError(err) });
    }
    return leader;
  }

  return {
    elected,
    lost,
    isLeader: () => leader,
    round,
    start() {
      if (timer || stopped) return;
      const loop = () => {
        void round().finally(() => {
          if (!stopped) timer = setTimeout(loop, renewMs);
        });
      };
      loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (leader && o.cluster) await o.cluster.releaseLease(LEASE.name, o.holder).catch(() => undefined);
      leader = false;
    },
  };
}
