/**
 * Completions for options the registry marks `autocomplete`. Pure: the adapter supplies the known
 * assets and the timezone names. Discord shows at most 25 choices of at most 100 characters.
 */
import type { OptionSpec } from '../../commands/types.js';

export const MAX_CHOICES = 25;
const MAX_CHOICE_LENGTH = 100;

export interface Choice {
  name: string;
  value: string;
}

const choice = (value: string): Choice => ({ name: value.slice(0, MAX_CHOICE_LENGTH), value: value.slice(0, MAX_CHOICE_LENGTH) });

/**
 * Assets starting with what was typed. For a variadic option ("BTC ET") only the last word is
 * completed and the earlier words are kept, so picking a choice appends an asset.
 */
export function assetChoices(known: readonly string[], typed: string, variadic = false): Choice[] {
  let partial = typed.trim();
  let kept: string[] = [];
  if (variadic) {
    const words = typed.split(/\s+/); // 'BTC ET' → ['BTC', 'ET']; 'BTC ' → ['BTC', '']
    partial = words.pop() ?? '';
    kept = words.filter(Boolean).map((w) => w.toUpperCase());
  }
  const prefix = partial.toUpperCase();
  return known
    .filter((a) => a.startsWith(prefix) && !kept.includes(a))
    .slice(0, MAX_CHOICES)
    .map((a) => choice([...kept, a].join(' ')));
}

/** Zones whose name starts with what was typed come first, then those merely containing it. */
export function timezoneChoices(zones: readonly string[], typed: string): Choice[] {
  const t = typed.trim().toLowerCase();
  const starts = zones.filter((z) => z.toLowerCase().startsWith(t));
  const contains = t ? zones.filter((z) => !z.toLowerCase().startsWith(t) && z.toLowerCase().includes(t)) : [];
  return [...starts, ...contains].slice(0, MAX_CHOICES).map(choice);
}

/** Every IANA zone the runtime knows, UTC first. */
export function knownTimezones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
}

export async function choicesFor(spec: OptionSpec | undefined, typed: string, knownAssets: () => Promise<string[]>): Promise<Choice[]> {
  if (spec?.autocomplete === 'asset') return assetChoices(await knownAssets(), typed, spec.variadic ?? false);
  if (spec?.autocomplete === 'timezone') return timezoneChoices(knownTimezones(), typed);
  if (spec?.choices) return spec.choices.filter((c) => c.startsWith(typed.toLowerCase())).map(choice);
  return [];
}
