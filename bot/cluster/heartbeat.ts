/**
 * Every instance sends from the outbox, and Telegram's 30 messages a second (Discord's 50 requests)
 * are per bot, not per instance. So each instance says it is alive every few seconds, learns how
 * many are, and paces itself to its share: two instances at 25/s configured send 12.5/s each.
 */
import type { Clock, ClusterStore, Logger } from '../../core/ports.js';
import { describeError } from '../../commands/dispatch.js';

export const HEARTBEAT = { everyMs: 5_000, ttlMs: 15_000 } as const;

export function startHeartbeat(o: { cluster: ClusterStore; holder: string; clock: Clock; logger: Logger; onCount: (n: number) => void }) {
  let count = 1;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const beat = async () => {
    try {
      const n = await o.cluster.heartbeat(o.holder, o.clock.now(), HEARTBEAT.ttlMs);
      if (n !== count) {
        o.logger.info('instances sending from the outbox', { instances: n, share: `1/${n} of each platform's rate` });
        count = n;
        o.onCount(n);
      }
    } catch (err) {
      o.logger.warn('heartbeat failed; keeping the last share', { err: describeError(err) });
    }
  };
  const loop = () =>
    void beat().finally(() => {
      if (!stopped) timer = setTimeout(loop, HEARTBEAT.everyMs);
    });
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await o.cluster.leave(o.holder).catch(() => undefined);
    },
  };
}
