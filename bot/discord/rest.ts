/**
 * REST settings shared by the gateway client, the Messenger and deploy-commands. discord.js waits
 * out a 429 by itself; a wait longer than a scheduler tick is better reported than slept through.
 */
import type { RESTOptions } from 'discord.js';

export const MAX_RATE_LIMIT_WAIT_MS = 10_000;

export function restOptions(apiBase?: string): Partial<RESTOptions> {
  return {
    ...(apiBase ? { api: apiBase } : {}),
    rejectOnRateLimit: (limit) => limit.retryAfter > MAX_RATE_LIMIT_WAIT_MS,
  };
}
