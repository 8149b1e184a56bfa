/**
 * The alert's text: a headline naming the most important transition, then two or three lines of
 * numbers — the basis now and where it was with both averages, funding with the label and its
 * measured confidence as the note's badge states them, and the other transitions of the same check. Every
 * figure comes from the analysis the transitions were confirmed on; a transition those readings no
 * longer back is left out rather than stated.
 */
import type { Analysis, Confidence, RegimeLabel } from '../analysis.js';
import { pct, signedPct } from '../format.js';
import { confidenceBadge } from '../narrative/confidence.js';
import { clauseOf, headlineOf } from './phrases.js';
import type { AlertReadings } from './readings.js';
import { SIDES } from './sides.js';
import type { Transition } from './transitions.js';
import { ALERT_KINDS, type AlertKind, type KindReading } from './types.js';

export interface AlertMessage {
  headline: string;
  lines: string[];
  label: RegimeLabel;
  confidence: Confidence;
  tone: 'bullish' | 'neutral' | 'bearish';
  /** The kinds the message names: those to mark as alerted for the chat. */
  kinds: AlertKind[];
}

/** '2026-02-06 14:02 UTC', as the replies' footers state times. */
const utcMinute = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The transition still describes these readings: the kind reads, right now, the side it went to. */
function holds(t: Transition, r: AlertReadings): boolean {
  const v = SIDES[t.kind].value(r);
  return v !== null && SIDES[t.kind].rawSide(v, r) === t.to;
}

// A reading kept from before (a stored state) that is not a finite number and time is not stated.
const was = (w: KindReading | null | undefined, fmt: (x: number) => string): string =>
  w && Number.isFinite(w.value) && Number.isFinite(w.at) ? ` (was ${fmt(w.value)} at ${utcMinute(w.at)})` : '';

function basisLine(a: Analysis, r: AlertReadings, byKind: Map<AlertKind, Transition>): string | null {
  if (r.basis === null) return null;
  const b = a.signals.basis;
  const avg = (name: string, x: number | null, dir: string | null) => (x === null ? null : `${name} ${signedPct(x, 2)}${dir ? ` ${dir}` : ''}`);
  // Both the basis and the band kinds watch the basis; the one in the headline says where it was.
  const before = (byKind.get('basis') ?? byKind.get('band'))?.was;
  const parts = [`Basis ${signedPct(r.basis, 2)}${was(before, (x) => signedPct(x, 2))}`, avg('seven-day avg', r.ma7, b.dir7), avg('30-day avg', r.ma30, b.dir30)];
  return parts.filter((p) => p !== null).join(' · ');
}

function fundingLine(a: Analysis, r: AlertReadings, byKind: Map<AlertKind, Transition>): string {
  const badge = confidenceBadge(a.note.confidence);
  if (r.fundingApr === null) return badge;
  return `Funding ${pct(r.fundingApr)} annualized${was(byKind.get('funding')?.was, (x) => pct(x))} · ${badge}`;
}

export function writeAlert(assetName: string, transitions: readonly Transition[], analysis: Analysis, readings: AlertReadings): AlertMessage | null {
  const kept = ALERT_KINDS.map((k) => transitions.find((t) => t.kind === k)).filter((t): t is Transition => t !== undefined && holds(t, readings));
  const [first, ...others] = kept;
  if (first === undefined) return null;
  const byKind = new Map(kept.map((t) => [t.kind, t]));
  const label = analysis.note.label;
  const lines = [
    basisLine(analysis, readings, byKind),
    fundingLine(analysis, readings, byKind),
    others.length ? `Also: ${others.map((t) => clauseOf(t, readings)).join('; ')}.` : null,
  ].filter((l): l is string => l !== null);
  return {
    headline: headlineOf(assetName, first, analysis.signals.basis, readings),
    lines,
    label,
    confidence: analysis.note.confidence,
    tone: label === 'Bullish' ? 'bullish' : label === 'Bearish' ? 'bearish' : 'neutral',
    kinds: kept.map((t) => t.kind),
  };
}
