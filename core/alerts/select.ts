/**
 * Which of an asset's confirmed transitions one chat gets: its level for each kind ('off' drops
 * the kind) and the cool-down per chat, asset and kind, during which neither direction alerts
 * again. What is left goes out as one message, sent silently only if every kind in it is 'silent'.
 */
import type { Transition } from './transitions.js';
import { ALERT_KINDS, type AlertKind, type AlertLevels } from './types.js';

export interface ChatSelection {
  /** In ALERT_KINDS order (the order of importance), each once. */
  kinds: AlertKind[];
  silent: boolean;
}

export function selectForChat(
  transitions: readonly Pick<Transition, 'kind'>[],
  levels: Partial<AlertLevels>,
  lastAlerted: Partial<Record<AlertKind, number>>,
  now: number,
  cooldownMs: number,
): ChatSelection | null {
  const confirmed = new Set(transitions.map((t) => t.kind));
  // A kind never set is 'on' (core/ports.ts AlertSubscription).
  const level = (k: AlertKind) => levels[k] ?? 'on';
  const cooling = (k: AlertKind) => {
    const last = lastAlerted[k];
    return last !== undefined && now - last < cooldownMs;
  };
  const kinds = ALERT_KINDS.filter((k) => confirmed.has(k) && level(k) !== 'off' && !cooling(k));
  if (kinds.length === 0) return null;
  return { kinds, silent: kinds.every((k) => level(k) === 'silent') };
}
