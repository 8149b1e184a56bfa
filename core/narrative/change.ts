/**
 * What would change the view: the next turns of the basis that would confirm a new reading, named
 * only when they have not already happened. A Bullish note says what would undo it, a Bearish one
 * what would be the first sign of renewed confidence (and what would deepen the de-risking), a
 * Neutral one what would tilt it either way.
 */
import { bandRange, signedPct } from '../format.js';
import type { RegimeLabel } from '../regime/classify.js';
import type { BasisSignal } from '../signals/types.js';

/** A turn of the basis the note can propose, keyed so tests can check it has not already happened. */
export type Condition = 'above-band' | 'into-band' | 'below-band' | 'cross-above' | 'cross-below' | 'ma7-up' | 'ma7-down';

interface Spec {
  /** True when the condition already holds today: then proposing it would say nothing. */
  holds: (b: BasisSignal) => boolean;
  /** Null when the data to judge it is missing. */
  text: (b: BasisSignal) => string | null;
}

const SPECS: Readonly<Record<Condition, Spec>> = {
  'above-band': {
    holds: (b) => b.level! > b.band[1],
    text: (b) => `a return above the ${bandRange(b.band)} futures basis range`,
  },
  'into-band': {
    holds: (b) => b.level! <= b.band[1],
    text: (b) => `a fall back into or below the ${bandRange(b.band)} futures basis range`,
  },
  'below-band': {
    holds: (b) => b.level! < b.band[0],
    text: (b) => `a drop below the ${bandRange(b.band)} range`,
  },
  'cross-above': {
    holds: (b) => b.cross === 'above',
    text: (b) => (b.cross === null ? null : `a rise of the seven-day basis average above the 30-day (${signedPct(b.ma30!, 2)})`),
  },
  'cross-below': {
    holds: (b) => b.cross === 'below',
    text: (b) => (b.cross === null ? null : `a fall of the seven-day basis average below the 30-day (${signedPct(b.ma30!, 2)})`),
  },
  'ma7-up': {
    holds: (b) => b.dir7 === 'rising',
    text: (b) => (b.dir7 === null || b.ma7 === null ? null : `a turn higher in the seven-day basis average, now ${signedPct(b.ma7, 2)},`),
  },
  'ma7-down': {
    holds: (b) => b.dir7 === 'falling',
    text: (b) => (b.dir7 === null || b.ma7 === null ? null : `a turn lower in the seven-day basis average, now ${signedPct(b.ma7, 2)},`),
  },
};

/** The first of `order` that can be judged and has not happened yet. */
function next(b: BasisSignal, order: Condition[]): { key: Condition; text: string } | null {
  for (const key of order) {
    const text = SPECS[key].text(b);
    if (text !== null && !SPECS[key].holds(b)) return { key, text };
  }
  return null;
}

const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

export interface ChangeView {
  text: string;
  /** The conditions the text proposes, none of which holds today. */
  watch: Condition[];
}

export function changeView(b: BasisSignal, label: RegimeLabel): ChangeView {
  if (b.level === null) return { text: 'Without a futures basis, a turn in funding or in price would be the first thing to change the view.', watch: [] };
  const aboveBand = b.level > b.band[1];
  const parts: { key: Condition; text: string; then: string }[] = [];
  const add = (c: { key: Condition; text: string } | null, then: string) => c && parts.push({ ...c, then });
  if (label === 'Bullish') {
    add(next(b, ['into-band', 'below-band', 'cross-below', 'ma7-down']), 'would undo the signal');
  } else if (label === 'Bearish') {
    add(next(b, aboveBand ? ['ma7-up', 'cross-above'] : ['above-band', 'cross-above', 'ma7-up']), 'would be the first sign of renewed confidence');
    if (aboveBand) add(next(b, ['into-band']), 'would deepen the de-risking');
  } else {
    add(next(b, ['cross-above', 'ma7-up', 'above-band']), 'would tilt the view bullish');
    add(next(b, ['below-band', 'cross-below', 'ma7-down']), 'would tilt the view bearish');
  }
  if (parts.length === 0) {
    // Every turn the basis could take toward the other side has already happened: the label rests on the rest.
    const text =
      label === 'Bullish'
        ? 'The basis already reads weak; the signal rests on funding and price, and a turn in either would undo it.'
        : 'The basis already reads firm; the view rests on funding and price, and a turn in either would change it.';
    return { text, watch: [] };
  }
  // A second clause refers back to the view the first one named.
  const text = parts.map((p, i) => (i === 0 ? `${cap(p.text)} ${p.then}` : `${p.text} ${p.then.replace('the view', 'it')}`)).join('; ');
  return { text: `${text}.`, watch: parts.map((p) => p.key) };
}
