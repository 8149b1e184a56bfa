/**
 * The only importer of node-cron. Cron is just the tick: it fires once a minute and the outbox
 * decides what is due, so a tick that node-cron reports as missed (blocked event loop,
 * suspended host) costs nothing — the next one catches up. The zone is passed explicitly because
 * node-cron otherwise uses the host's, and UTC minutes are the same minutes everywhere.
 */
import cron from 'node-cron';
import type { Logger } from '../../core/ports.js';

export interface CronOptions {
  /** Defaults to every minute. */
  expression?: string;
  name?: string;
  logger?: Logger;
}

/** Starts the ticker; returns a function that stops it. */
export function startCron(onTick: () => void | Promise<unknown>, opts: CronOptions = {}): () => void {
  const log = opts.logger;
  const task = cron.schedule(
    opts.expression ?? '* * * * *',
    // Returning the promise is what lets `noOverlap` see that a tick is still running.
    () => onTick(),
    {
      timezone: 'UTC',
      name: opts.name ?? 'basisbot-briefs',
      noOverlap: true,
      // A missed minute is harmless here (see above); without a logger node-cron writes to the console.
      suppressMissedWarning: true,
      ...(log && {
        logger: {
          info: (m: string) => log.info(m),
          warn: (m: string) => log.warn(m),
          error: (m: string | Error) => log.error('cron tick failed', { err: m instanceof Error ? m.message : m }),
          debug: (m: string | Error) => log.debug(m instanceof Error ? m.message : m),
        },
      }),
    },
  );
  return () => {
    void Promise.resolve(task.destroy()).catch((err: unknown) => log?.warn('cron did not stop cleanly', { err: String(err) }));
  };
}
