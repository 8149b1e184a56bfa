/**
 * The Telegram pacer on a fake clock (vitest's timers, performance.now included): how many sends
 * leave in a second, a minute, per chat and per group; what a 429 holds; who goes first.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTelegramPacer, TELEGRAM_LIMITS, type TelegramLimits } from '../../bot/telegram/pacer.js';

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] }));
afterEach(() => void vi.useRealTimers());

/** Schedules a send per chat id; `ran` records when each one started, in fake ms. */
function harness(limits: TelegramLimits = TELEGRAM_LIMITS) {
  const pacer = createTelegramPacer(limits);
  const start = performance.now();
  const ran: { chat: string; at: number; label: string }[] = [];
  const send = (chat: string, label = chat, priority: 'interactive' | 'broadcast' = 'broadcast') =>
    pacer.schedule(chat, priority, async () => void ran.push({ chat, at: performance.now() - start, label }));
  return { pacer, ran, send, elapsed: () => performance.now() - start };
}

describe('GIVEN the default limits (25 messages a second overall, a burst of 3)', () => {
  it('100 chats at once: no second holds more than 28 sends, and all are out in about four seconds', async () => {
    const { ran, send } = harness();
    const all = Promise.all(Array.from({ length: 100 }, (_, i) => send(String(i + 1))));
    await vi.advanceTimersByTimeAsync(5_000);
    await all;
    expect(ran, 'every chat served once').toHaveLength(100);
    for (let t = 0; t <= 4_000; t += 50) {
      const inSecond = ran.filter((r) => r.at >= t && r.at < t + 1000).length;
      expect(inSecond, `sends in [${t}, ${t + 1000}) ms stay within burst + rate`).toBeLessThanOrEqual(28);
    }
    expect(ran.at(-1)!.at, '97 after the burst at 25/s: just under 4 s').toBeLessThan(4_000);
    expect(ran.at(-1)!.at, 'and not faster than the limit').toBeGreaterThanOrEqual(3_800);
  });

  it('one chat: one message a second, in order', async () => {
    const { ran, send } = harness();
    const all = Promise.all(['a', 'b', 'c'].map((l) => send('42', l)));
    await vi.advanceTimersByTimeAsync(3_000);
    await all;
    expect(ran.map((r) => r.label)).toEqual(['a', 'b', 'c']);
    expect(ran[1]!.at - ran[0]!.at, 'a second apart').toBeGreaterThanOrEqual(1_000);
    expect(ran[2]!.at - ran[1]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('one group (negative id): at most 20 messages in any minute', async () => {
    const { ran, send } = harness();
    void Promise.all(Array.from({ length: 30 }, (_, i) => send('-1001234567890', `m${i}`)));
    await vi.advanceTimersByTimeAsync(60_000);
    const firstMinute = ran.filter((r) => r.at < 60_000).length;
    expect(firstMinute, 'the group allowance, not one a second').toBeLessThanOrEqual(20);
    expect(firstMinute, 'but the allowance is used').toBeGreaterThanOrEqual(18);
    for (let i = 20; i < ran.length; i++) expect(ran[i]!.at - ran[i - 20]!.at, 'any 21 sends span more than a minute').toBeGreaterThan(60_000);
  });
});

describe('GIVEN a broadcast under way', () => {
  it('an interactive reply goes out with the next token, ahead of the queued broadcast', async () => {
    const { ran, send, elapsed } = harness();
    const broadcast = Array.from({ length: 200 }, (_, i) => send(String(1000 + i)));
    await vi.advanceTimersByTimeAsync(1_000);
    const askedAt = elapsed();
    const sentBefore = ran.length;
    const reply = send('7', 'reply', 'interactive');
    await vi.advanceTimersByTimeAsync(100);
    await reply;
    const at = ran.find((r) => r.label === 'reply')!.at;
    expect(at - askedAt, 'within one token (40 ms at 25/s) of being asked, not after 170 queued sends').toBeLessThanOrEqual(41);
    expect(ran.findIndex((r) => r.label === 'reply'), 'no queued broadcast send went before it').toBe(sentBefore);
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(broadcast);
  });

  it('a 429 holds that chat for its retry_after, and only that chat', async () => {
    const { pacer, ran, send } = harness();
    await Promise.all([send('1', 'first'), vi.advanceTimersByTimeAsync(10)]);
    pacer.rateLimited('1', 5_000);
    const held = send('1', 'after hold');
    const other = send('2', 'other chat');
    await vi.advanceTimersByTimeAsync(100);
    expect(ran.map((r) => r.label), 'another chat is not held').toContain('other chat');
    expect(ran.map((r) => r.label)).not.toContain('after hold');
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all([held, other]);
    expect(ran.find((r) => r.label === 'after hold')!.at, 'nothing reaches the chat before its retry_after').toBeGreaterThanOrEqual(5_000);
  });

  it('scattered 429s do not slow the others; clustered ones pause every send', async () => {
    const { pacer, ran, send } = harness({ ...TELEGRAM_LIMITS, cluster: { windowMs: 10_000, min: 10, share: 0.3 } });
    void Promise.all(Array.from({ length: 300 }, (_, i) => send(String(i + 1))));
    await vi.advanceTimersByTimeAsync(2_000);
    pacer.rateLimited('1', 3_000); // one in fifty: scattered
    const before = ran.length;
    await vi.advanceTimersByTimeAsync(400);
    expect(ran.length - before, 'the rest keeps its pace').toBeGreaterThanOrEqual(8);

    for (let i = 0; i < 20; i++) pacer.rateLimited(String(100 + i), 3_000); // a cluster
    const paused = ran.length;
    await vi.advanceTimersByTimeAsync(2_500);
    expect(ran.length, 'nothing goes while 429s cluster').toBe(paused);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(ran.length, 'and sends resume after the retry_after').toBeGreaterThan(paused);
  });
});
