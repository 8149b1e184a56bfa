/**
 * The "Done when": a basis that oscillates around zero, checked every minute for a day,
 * gives each chat at most one alert per cool-down. The loop below is the watcher's, reduced to
 * its pure parts: detect, select per chat, mark what was sent.
 */
import { describe, expect, it } from 'vitest';
import { selectForChat } from '../../../core/alerts/select.js';
import { detectTransitions } from '../../../core/alerts/transitions.js';
import { DEFAULT_LEVELS, type AlertKind, type AlertLevels, type AlertState } from '../../../core/alerts/types.js';
import { MINUTE, T0, calm } from './support.js';

const COOLDOWN = 240 * MINUTE;
const DAY_MINUTES = 24 * 60;

interface Sent {
  chat: string;
  at: number;
  kinds: AlertKind[];
  slot: string;
}

const CHATS: { id: string; levels: AlertLevels }[] = [
  { id: 'all-on', levels: DEFAULT_LEVELS },
  { id: 'basis-silent', levels: { ...DEFAULT_LEVELS, basis: 'silent' } },
  { id: 'basis-off', levels: { ...DEFAULT_LEVELS, basis: 'off' } },
];

function watchOneDay(basisAt: (minute: number) => number) {
  let state: AlertState | null = null;
  const lastAlerted = new Map<string, Partial<Record<AlertKind, number>>>();
  const sent: Sent[] = [];
  let confirmed = 0;
  for (let m = 0; m < DAY_MINUTES; m++) {
    const now = T0 + m * MINUTE;
    const d = detectTransitions(state, calm({ basis: basisAt(m) }), now);
    state = d.state;
    confirmed += d.transitions.length;
    if (d.transitions.length === 0) continue;
    for (const chat of CHATS) {
      const marks = lastAlerted.get(chat.id) ?? {};
      const pick = selectForChat(d.transitions, chat.levels, marks, now, COOLDOWN);
      if (!pick) continue;
      sent.push({ chat: chat.id, at: now, kinds: pick.kinds, slot: `BTC#${state.seq}` });
      for (const k of pick.kinds) marks[k] = now;
      lastAlerted.set(chat.id, marks);
    }
  }
  return { sent, confirmed };
}

/** Shortest gap between two alerts naming `kind` in one chat (Infinity with fewer than two). */
function shortestGap(sent: Sent[], chat: string, kind?: AlertKind): number {
  const times = sent.filter((s) => s.chat === chat && (kind === undefined || s.kinds.includes(kind))).map((s) => s.at);
  return times.slice(1).reduce((g, t, i) => Math.min(g, t - times[i]!), Infinity);
}

const square = (amplitude: number, period: number) => (m: number) => (Math.floor((2 * m) / period) % 2 === 0 ? amplitude : -amplitude);
const sine = (amplitude: number, period: number) => (m: number) => amplitude * Math.sin((2 * Math.PI * (m + 0.5)) / period);
/** A deterministic wobble: a seeded LCG's sign each minute, ±amplitude. */
const noise = (amplitude: number) => {
  const signs: number[] = [];
  let x = 12345;
  for (let i = 0; i < DAY_MINUTES; i++) {
    x = (1103515245 * x + 12345) % 2 ** 31;
    signs.push(x / 2 ** 31 < 0.5 ? -1 : 1);
  }
  return (m: number) => amplitude * signs[m]!;
};

// Amplitudes inside the ±0.25-point dead band, just beyond it, well beyond it, and beyond the band's 2% top.
const AMPLITUDES = [0.001, 0.003, 0.01, 0.015, 0.05];
const SHAPES: [string, (a: number) => (m: number) => number][] = [
  ['flipping every minute', (a) => square(a, 2)],
  ['3 minutes each side', (a) => square(a, 6)],
  ['5 minutes each side', (a) => square(a, 10)],
  ['an hour each side', (a) => square(a, 120)],
  ['a 10-minute sine', (a) => sine(a, 10)],
  ['a 90-minute sine', (a) => sine(a, 90)],
  ['a 6-hour sine', (a) => sine(a, 360)],
  ['a random sign each minute', (a) => noise(a)],
];
const CASES = SHAPES.flatMap(([name, shape]) => AMPLITUDES.map((a) => [name, a, shape(a)] as const));

describe('GIVEN a basis oscillating around zero, checked every minute for a day, with a 240-minute cool-down', () => {
  it.each(CASES)('%s at ±%f: each chat gets each kind at most once per cool-down', (_name, _a, basisAt) => {
    const { sent } = watchOneDay(basisAt);
    for (const chat of CHATS) {
      for (const kind of ['basis', 'band'] as const) {
        expect(shortestGap(sent, chat.id, kind), `${chat.id}: ${kind} alerts at least 240 minutes apart`).toBeGreaterThanOrEqual(COOLDOWN);
        expect(sent.filter((s) => s.chat === chat.id && s.kinds.includes(kind)).length, 'a day holds six cool-downs').toBeLessThanOrEqual(DAY_MINUTES / 240);
      }
    }
    expect(sent.filter((s) => s.chat === 'basis-off' && s.kinds.includes('basis')), "a chat with the basis 'off' never hears of it").toEqual([]);
    expect(sent.every((s) => ['basis', 'band'].includes(s.kinds[0]!)), 'only the basis and the band move').toBe(true);
  });

  it.each(CASES.filter(([, a]) => a <= 0.015))('%s at ±%f (inside the band): at most one alert per chat per cool-down, whatever it names', (_name, _a, basisAt) => {
    const { sent } = watchOneDay(basisAt);
    for (const chat of CHATS) expect(shortestGap(sent, chat.id), chat.id).toBeGreaterThanOrEqual(COOLDOWN);
  });

  it('inside the dead band nothing is ever confirmed', () => {
    for (const [name, shape] of SHAPES) expect(watchOneDay(shape(0.001)).confirmed, name).toBe(0);
  });

  it('a sign that flips every minute is never confirmed, however wide the swing', () => {
    for (const a of AMPLITUDES) expect(watchOneDay(square(a, 2)).confirmed, `±${a}`).toBe(0);
  });

  it('a real oscillation is confirmed many times, and the cool-down is what keeps the chats quiet', () => {
    const { sent, confirmed } = watchOneDay(square(0.01, 10));
    expect(confirmed, 'a flip every 5 minutes, each confirmed on its third check').toBe(DAY_MINUTES / 5 - 1);
    expect(sent.filter((s) => s.chat === 'all-on').map((s) => (s.at - T0) / MINUTE), 'minutes of the day: one per cool-down').toEqual([7, 247, 487, 727, 967, 1207]);
    expect(sent.filter((s) => s.chat === 'basis-silent').length, 'silent or not, the same cool-down').toBe(6);
  });

  it('a swing through zero and the band top together goes out as one alert naming both', () => {
    const { sent } = watchOneDay(square(0.05, 120));
    const first = sent.find((s) => s.chat === 'all-on')!;
    expect(first.kinds).toEqual(['basis', 'band']);
    expect(sent.find((s) => s.chat === 'basis-off')!.kinds, 'the chat without basis alerts still hears of the band').toEqual(['band']);
    const slots = new Set(sent.filter((s) => s.chat === 'all-on').map((s) => s.slot));
    expect(slots.size, 'every message has its own outbox slot').toBe(sent.filter((s) => s.chat === 'all-on').length);
  });
});
