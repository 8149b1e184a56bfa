/**
 * The Discord adapter: one discord.js client (Guilds intent only — slash commands need no message
 * content) whose REST client is shared with the Messenger, so the scheduler posts with the same
 * token and rate-limit buckets.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, RESTEvents, Status } from 'discord.js';
import { describeError } from '../../commands/dispatch.js';
import type { Command, CommandDeps } from '../../commands/types.js';
import type { Logger, Metrics } from '../../core/ports.js';
import type { Messenger } from '../messenger.js';
import type { PartHealth } from '../observability/health.js';
import { createDiscordMessenger } from './messenger.js';
import { registerInteractionHandlers } from './register.js';
import { restOptions } from './rest.js';

export interface DiscordAdapterOptions {
  token: string;
  /** REST base such as http://127.0.0.1:8080/api; the gateway URL is then read from GET /gateway/bot. */
  apiBase?: string | undefined;
  registry: readonly Command<any>[];
  deps: CommandDeps;
  logger: Logger;
  /** The gateway closed for good (token reset, disallowed intents): the process should exit. */
  onFatal?: (err: unknown) => void;
  /** Counts every 429 Discord answers (discord.js waits them out by itself, so nothing else sees them). */
  metrics?: Metrics;
  /** DISCORD_SHARDS: discord.js's own sharding — 'auto' asks Discord how many; a number fixes it. */
  shards?: 'auto' | number | undefined;
}

/** Client options for DISCORD_SHARDS: every shard in this process, as discord.js's internal sharding runs them. */
export function shardOptions(shards: 'auto' | number | undefined): { shards?: 'auto' | number[]; shardCount?: number } {
  if (shards === undefined) return {};
  if (shards === 'auto') return { shards: 'auto' };
  return { shards: Array.from({ length: shards }, (_, i) => i), shardCount: shards };
}

/** Discord's global REST allowance per bot token. */
const GLOBAL_REQUESTS_PER_SECOND = 50;

export interface DiscordAdapter {
  /** Resolves once the gateway session is ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Every gateway shard ready (discord.js reconnects a dropped one; until then this says so). */
  health(): PartHealth;
  /** `n` instances post at once: each takes 1/n of the bot's global REST allowance. */
  setShare(n: number): void;
  messenger: Messenger;
}

export function createDiscordAdapter({ token, apiBase, registry, deps, logger, onFatal, metrics, shards }: DiscordAdapterOptions): DiscordAdapter {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: restOptions(apiBase),
    ...shardOptions(shards),
  });
  client.rest.setToken(token); // the Messenger may post before (or without) a gateway session
  if (metrics) {
    client.rest.on(RESTEvents.Response, (_request, response) => {
      if (response.status === 429) metrics.rateLimited('discord');
      // The event hands over a clone of the response; its body is never read here.
      if (response instanceof Response) void response.body?.cancel().catch(() => undefined);
    });
  }
  registerInteractionHandlers(client, { registry, deps, logger });
  client.on(Events.Error, (err) => logger.error('discord client error', { err: describeError(err) }));
  let stopping = false;
  client.on(Events.ShardDisconnect, (event) => {
    if (stopping) return;
    logger.error('discord gateway closed for good', { code: event.code });
    onFatal?.(new Error(`discord gateway closed with code ${event.code}`));
  });

  return {
    messenger: createDiscordMessenger({ rest: client.rest, logger }),
    async start() {
      const ready = once(client, Events.ClientReady);
      ready.catch(() => undefined); // awaited below only if login succeeds
      await client.login(token);
      await ready;
      logger.info('discord ready', { user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.ws.shards.size });
    },
    health() {
      const shards = [...client.ws.shards.values()];
      if (shards.length === 0) return { ok: false, detail: 'gateway not connected' };
      const down = shards.filter((s) => s.status !== Status.Ready);
      if (down.length > 0) return { ok: false, detail: `gateway ${down.map((s) => `shard ${s.id} ${Status[s.status] ?? s.status}`).join(', ')}` };
      // The ping is -1 until the first heartbeat is acknowledged.
      return { ok: true, detail: client.ws.ping >= 0 ? `gateway ready, ping ${client.ws.ping} ms` : 'gateway ready' };
    },
    setShare(n) {
      client.rest.options.globalRequestsPerSecond = Math.max(1, Math.floor(GLOBAL_REQUESTS_PER_SECOND / Math.max(1, n)));
    },
    async stop() {
      stopping = true;
      await client.destroy();
    },
  };
}
