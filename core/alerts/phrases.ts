/**
 * How each transition is said: as the alert's headline (the most important one) and as a short
 * clause on the "Also:" line (the others). The wording follows the note's (core/narrative): a
 * "first time since" is said only for a fresh turn after a real stay on the other side, as the
 * note's context lines do, and every band is named as the note names it.
 */
import { bandRange } from '../format.js';
import { firstTimeSince } from '../narrative/sentences.js';
import { daysAway } from '../narrative/situation.js';
import { THRESHOLDS } from '../regime/weights.js';
import { bandSideOf } from '../signals/basis.js';
import type { BasisSignal, SideRun } from '../signals/types.js';
import type { AlertReadings } from './readings.js';
import type { Transition } from './transitions.js';

/** ' — first time since October 2025', or '' when the run is not a fresh turn on the side named. */
function sinceSuffix(run: SideRun | null, side: string): string {
  if (run === null || run.side !== side) return '';
  const fresh = run.length <= THRESHOLDS.recentDays && daysAway(run) >= THRESHOLDS.recentDays;
  return fresh ? ` — ${firstTimeSince(run).replace('for the ', '')}` : '';
}

const sameBand = (a: readonly [number, number], b: readonly [number, number]) => a[0] === b[0] && a[1] === b[1];

/** Where the basis sits against the band now: the band kind's 'not-above' is either inside or below. */
const bandPlace = (r: AlertReadings): 'above' | 'inside' | 'below' => bandSideOf(r.band)(r.basis!);

export function headlineOf(name: string, t: Transition, b: BasisSignal, r: AlertReadings): string {
  const band = `the ${bandRange(r.band)} band`;
  switch (t.kind) {
    case 'basis': {
      const where = t.to === 'negative' ? 'below' : 'above';
      return `${name} futures flip ${where} spot${sinceSuffix(b.sign, t.to)}`;
    }
    case 'band': {
      const place = bandPlace(r);
      if (place === 'above') return `${name} futures basis climbs above ${band}${sameBand(b.band, r.band) ? sinceSuffix(b.bandRun, 'above') : ''}`;
      return `${name} futures basis falls ${place === 'inside' ? 'into' : 'below'} ${band}`;
    }
    case 'regime':
      return `${name} regime turns ${t.to}, from ${t.from}`;
    case 'cross':
      return `${name} basis seven-day average crosses ${t.to} the 30-day`;
    case 'funding':
      return `${name} funding turns ${t.to}`;
  }
}

/** 'futures now below spot', 'regime now Bearish, from Neutral'. */
export function clauseOf(t: Transition, r: AlertReadings): string {
  switch (t.kind) {
    case 'basis':
      return `futures now ${t.to === 'negative' ? 'below' : 'above'} spot`;
    case 'band':
      return `basis now ${bandPlace(r)} the ${bandRange(r.band)} band`;
    case 'regime':
      return `regime now ${t.to}, from ${t.from}`;
    case 'cross':
      return `seven-day average now ${t.to} the 30-day`;
    case 'funding':
      return `funding now ${t.to}`;
  }
}
