/**
 * The track record's writer: the sender records the call a brief or an alert states when a row
 * naming it is first delivered — not when it is queued, not when it fails, and once however many
 * chats receive it.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../bot/logger.js';
import { publish } from '../../bot/delivery/payloads.js';
import { createSender } from '../../bot/delivery/sender.js';
import { createMemoryStore } from '../../bot/store/memory.js';
import type { Reply } from '../../commands/reply.js';
import type { CallFigures, OutboxEntry } from '../../core/ports.js';
import { createFakeMessenger, tg } from '../scheduler/fakes.js';

const NOW = Date.parse('2026-02-07T00:03:00Z');
const figures: CallFigures = { asset: 'BTC', day: '2026-02-06', label: 'Bearish', score: -0.7005, confidence: 0.374, cases: 75, basis: -0.0259, spot: 69289.4 };
const reply = (call?: Reply['call']): Reply => ({ title: 'Bitcoin futures flip below spot', tone: 'bearish', paragraphs: [], fields: [], ...(call ? { call } : {}) });
const row = (chatId: string, kind: OutboxEntry['kind'], payload: string): OutboxEntry => ({
  destination: tg(chatId), kind, slot: kind === 'alert' ? 'BTC#9' : '2026-02-07', payloads: [payload], silent: false, priority: 20, dueAt: NOW, expiresAt: NOW + 30 * 60_000,
});

function setup() {
  const store = createMemoryStore();
  const telegram = createFakeMessenger('telegram');
  const sender = createSender({ store, messengers: { telegram }, clock: { now: () => NOW }, logger: createMemoryLogger(), random: () => 0.5 });
  return { store, telegram, sender };
}

describe('recording published calls', () => {
  it('GIVEN an alert for three chats, in two renderings of the same check THEN one call is recorded, at the first delivery', async () => {
    const { store, telegram, sender } = setup();
    const call = { ...figures, id: 'alert:BTC#9' };
    await publish(store.outbox, [{ key: 'alert:BTC#9:basis', reply: reply(call) }, { key: 'alert:BTC#9:basis+funding', reply: reply(call) }], [row('1', 'alert', 'alert:BTC#9:basis'), row('2', 'alert', 'alert:BTC#9:basis+funding'), row('3', 'alert', 'alert:BTC#9:basis')], NOW - 1);
    expect(await store.calls.list('BTC', 10), 'queued is not published').toEqual([]);
    telegram.script('2', { ok: false, kind: 'failed', detail: "400: can't parse entities" });
    await sender.drain(NOW);
    expect(telegram.delivered('1').length + telegram.delivered('3').length).toBe(2);
    expect(await store.calls.list('BTC', 10)).toEqual([{ ...figures, key: 'alert:BTC#9', kind: 'alert', publishedAt: NOW }]);
  });

  it('GIVEN a brief whose only row fails THEN nothing is recorded: the call was never published', async () => {
    const { store, telegram, sender } = setup();
    await publish(store.outbox, [{ key: 'brief:BTC:2026-02-07T08:00', reply: reply(figures) }], [row('1', 'brief', 'brief:BTC:2026-02-07T08:00')], NOW - 1);
    telegram.script('1', { ok: false, kind: 'gone', detail: '403: Forbidden: bot was blocked by the user' });
    await sender.drain(NOW);
    expect(await store.calls.list('BTC', 10)).toEqual([]);
  });

  it('GIVEN a brief THEN its call is keyed by its payload; a reply stating no call records nothing', async () => {
    const { store, sender } = setup();
    await publish(store.outbox, [{ key: 'brief:BTC:2026-02-07T08:00', reply: reply(figures) }, { key: 'plain', reply: reply() }], [row('1', 'brief', 'brief:BTC:2026-02-07T08:00'), { ...row('2', 'brief', 'plain'), slot: 'other' }], NOW - 1);
    await sender.drain(NOW);
    expect((await store.calls.list('BTC', 10)).map((c) => [c.key, c.kind])).toEqual([['brief:BTC:2026-02-07T08:00', 'brief']]);
  });
});
