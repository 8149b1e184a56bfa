/** A chat's alert levels: stored as the kinds it changed, read with DEFAULT_LEVELS for the rest. */
import { ALERT_KINDS, ALERT_LEVELS, DEFAULT_LEVELS } from '../../core/alerts/types.js';
import type { AlertLevel, AlertLevels } from '../../core/alerts/types.js';

/** Every kind filled in; unknown kinds and levels (from a newer or older release) are ignored. */
export function fullLevels(partial: Partial<Record<string, unknown>> | null): AlertLevels {
  const levels = { ...DEFAULT_LEVELS };
  for (const kind of ALERT_KINDS) {
    const level = partial?.[kind];
    if (ALERT_LEVELS.includes(level as AlertLevel)) levels[kind] = level as AlertLevel;
  }
  return levels;
}

/** `current` with the kinds `change` names replaced (a kind given as undefined is left alone). */
export const mergeLevels = (current: Partial<AlertLevels> | null, change: Partial<AlertLevels>): AlertLevels =>
  fullLevels({ ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) });
