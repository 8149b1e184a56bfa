/**
 * The analyst note: headline, paragraph, the label with its measured confidence, why, what would
 * change the view, context ("first time since", analogs) and a one-line take. Wording follows the
 * situation and the regime; the same inputs always give the same text.
 */
import type { Analog } from '../analogs.js';
import type { EventAnalogs } from '../episodes.js';
import { bandRange, longDate, pct, signedPct } from '../format.js';
import type { Regime, RegimeLabel } from '../regime/classify.js';
import type { Calibration, Confidence } from '../replay/calibration.js';
import { confidenceLine, confidenceShort } from './confidence.js';
import type { Signals, SideRun } from '../signals/types.js';
import { changeView, type Condition } from './change.js';
import { headline } from './headline.js';
import { episodeLines, episodesTitle, precedent } from './precedent.js';
import { explained } from './why.js';
import { onChainSentences } from './onchain.js';
import { averages, firstTimeSince, fundingAndPremium, leverage, momentum, opener } from './sentences.js';
import { daysAway, situationOf, type Situation } from './situation.js';
import { THRESHOLDS } from '../regime/weights.js';

export interface Note {
  headline: string;
  paragraph: string;
  label: RegimeLabel;
  /** What the replayed history says about calls like this one (core/replay). */
  confidence: Confidence;
  /** That, in words: 'Bearish — in the replayed history, calls this strong were followed by …'. */
  confidenceLine: string;
  rationale: string;
  changeView: string;
  /** The turns of the basis changeView proposes; none of them holds today. */
  watch: Condition[];
  /** What followed earlier episodes of today's event (null: the note is about no event). */
  precedent: string | null;
  /** Those episodes, newest first, under `episodesTitle`. */
  episodeLines: string[];
  episodesTitle: string | null;
  /** "First time since …" lines. */
  context: string[];
  /** The most similar past days and what spot did next. */
  analogLines: string[];
  take: string;
  situation: Situation;
}

/**
 * The drivers that carry the label, then the strongest ones that pull the other way, so a reader
 * sees why the label holds despite them. A neutral reading names the strongest on each side.
 */
function rationale(regime: Regime, sig: Signals): string {
  const details = (ds: Regime['drivers']) => ds.map((d) => explained(d, sig)).join('; ');
  const up = regime.drivers.filter((d) => d.contribution > 0);
  const down = regime.drivers.filter((d) => d.contribution < 0);
  const strong = (ds: Regime['drivers']) => ds.filter((d) => Math.abs(d.contribution) >= THRESHOLDS.rationaleMinContribution);
  const [carrying, opposing] = regime.label === 'Bearish' ? [down, up] : [up, down];
  const pro = strong(carrying).length ? strong(carrying) : carrying.slice(0, 1);
  const con = strong(opposing);
  let why: string;
  if (up.length + down.length === 0) why = ': no signal had data.';
  else if (regime.label === 'Neutral') {
    const side = (name: string, ds: Regime['drivers']) => (strong(ds).length ? `${name}: ${details(strong(ds).slice(0, 2))}.` : null);
    const sides: (string | null)[] = [side('Pulling up', up), side('Pulling down', down)];
    if (!sides.some((x) => x !== null)) sides[0] = 'Every signal sits close to neutral.';
    why = `. ${sides.filter((x) => x !== null).join(' ')}`;
  } else {
    why = `: ${details(pro.slice(0, 3))}.${con.length ? ` Against it: ${details(con.slice(0, 2))}.` : ''}`;
  }
  const missing =
    regime.missing.length === 0 ? '' : ` Missing: ${regime.missing.map((m) => m.label.toLowerCase()).join(', ')}, left out of the score.`;
  return `${regime.label}${why}${missing}`;
}

const RUN_TEXT: Record<string, string> = {
  'sign:negative': 'Futures below spot',
  'sign:positive': 'Futures above spot',
  'ma7:negative': 'Seven-day basis average below zero',
  'ma7:positive': 'Seven-day basis average above zero',
};

/** "First time since" lines the paragraph has not already said. */
function context(sig: Signals, s: Situation): string[] {
  const b = sig.basis;
  const out: string[] = [];
  const recent = (r: SideRun | null): r is SideRun => r !== null && r.length <= THRESHOLDS.recentDays && daysAway(r) >= THRESHOLDS.recentDays;
  const openerSaidSign = s === 'flip-negative' || s === 'flip-positive';
  if (recent(b.sign) && !openerSaidSign) out.push(`${RUN_TEXT[`sign:${b.sign.side}`]} ${firstTimeSince(b.sign)}.`);
  if (recent(b.bandRun) && b.bandRun.side !== 'inside' && s !== 'recovery') {
    out.push(`Basis ${b.bandRun.side} the ${bandRange(b.band)} range ${firstTimeSince(b.bandRun)}.`);
  }
  if (recent(b.ma7Sign)) out.push(`${RUN_TEXT[`ma7:${b.ma7Sign.side}`]} ${firstTimeSince(b.ma7Sign)}.`);
  return out;
}

/** '1 December 2025 (basis +1.95%, funding 3.0%): spot +1.6% over the next 30 days.' */
function analogLines(analogs: Analog[]): string[] {
  return analogs.map((a) => {
    const readings = [a.basis === null ? null : `basis ${signedPct(a.basis, 2)}`, a.fundingApr === null ? null : `funding ${pct(a.fundingApr)}`];
    const shown = readings.filter((r) => r !== null);
    return `${longDate(a.day)}${shown.length ? ` (${shown.join(', ')})` : ''}: spot ${signedPct(a.forward30)} over the next 30 days.`;
  });
}

const TAKE: Record<Situation, string> = {
  'flip-negative': 'futures dipped below spot',
  recovery: 'basis back above the band',
  'flip-positive': 'futures back above spot',
  chop: 'basis chopping sideways',
  deepening: 'discount deepening',
  discount: 'futures below spot',
  collapse: 'premium collapsing',
  cooling: 'premium cooling',
  building: 'premium building',
  quiet: 'basis steady',
  'no-basis': 'no basis data',
};

function take(sig: Signals, regime: Regime, s: Situation, confidence: Confidence): string {
  const b = sig.basis;
  const avg = (x: number | null, d: string | null) => (x === null ? 'n/a' : `${signedPct(x, 2)}${d ? ` ${d}` : ''}`);
  const level = b.level === null ? 'Basis n/a' : `Basis ${signedPct(b.level, 2)}`;
  const run = s === 'flip-negative' || s === 'flip-positive' ? `, ${firstTimeSince(b.sign!).replace('for the ', '')}` : '';
  return `${level} · seven-day avg ${avg(b.ma7, b.dir7)} · 30-day avg ${avg(b.ma30, b.dir30)} — ${regime.label} (${confidenceShort(confidence)}): ${TAKE[s]}${run}.`;
}

/** The measured confidence of today's call and the table it was read from (null: nothing replayed). */
export interface Measured {
  confidence: Confidence;
  calibration: Calibration | null;
}

export function writeNote(name: string, sig: Signals, regime: Regime, analogs: Analog[], measured: Measured, events: EventAnalogs | null = null): Note {
  const s = situationOf(sig.basis);
  const change = changeView(sig.basis, regime.label);
  const parts = [
    opener(name, s, sig.basis),
    averages(sig.basis, regime.label),
    fundingAndPremium(sig),
    leverage(sig),
    onChainSentences(sig),
    momentum(sig),
  ].filter((p): p is string => p !== null);
  return {
    headline: headline(name, s, sig),
    paragraph: parts.join(' '),
    label: regime.label,
    confidence: measured.confidence,
    confidenceLine: confidenceLine(measured.confidence, measured.calibration),
    rationale: rationale(regime, sig),
    changeView: change.text,
    watch: change.watch,
    precedent: precedent(events),
    episodeLines: episodeLines(events),
    episodesTitle: events && events.episodes.length ? episodesTitle(events) : null,
    context: context(sig, s),
    analogLines: analogLines(analogs),
    take: take(sig, regime, s, measured.confidence),
    situation: s,
  };
}
