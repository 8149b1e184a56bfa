/**
 * Who may change a chat's settings, what happens when the bot is removed or a group migrates,
 * and the error boundary — the real telegraf adapter against the fake Bot API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Update } from 'telegraf/types';
import type { TelegramAdapter } from '../../bot/telegram/client.js';
import { createHelpCommand } from '../../commands/help.js';
import { settingsCommand } from '../../commands/settings.js';
import { startCommand } from '../../commands/start.js';
import { subscribeCommand } from '../../commands/subscribe.js';
import type { Command } from '../../commands/types.js';
import { unsubscribeCommand } from '../../commands/unsubscribe.js';
import type { Destination, OutboxEntry } from '../../core/ports.js';
import { briefKey } from '../../core/schedule.js';
import { FakeTelegram, type ChatSpec, type CommandSpec, type RecordedCall } from '../fakes/fakeTelegram.js';
import { parseTelegramHtml } from '../fakes/telegram/html.js';
import { startTelegram, type RunningTelegram, type TestDeps } from './harness.js';

/** A command whose argument parser throws: runCommand does not catch that, bot.catch must. */
const boomCommand: Command<Record<string, never>> = {
  name: 'boom',
  description: 'Throws while parsing (test only)',
  usage: '/boom',
  examples: ['/boom'],
  options: [],
  touchesNetwork: false,
  parse: () => {
    throw new TypeError('parser exploded');
  },
  execute: async () => {
    throw new Error('unreachable');
  },
};
// The real settings commands (a subset of the registry: the market commands are not needed here).
const commands: Command<any>[] = [subscribeCommand, unsubscribeCommand, settingsCommand, startCommand, boomCommand];
commands.push(createHelpCommand(() => commands));

/** A brief waiting in the outbox for `destination` (due later, so nothing here sends it). */
const queued = (destination: Destination, day: string): OutboxEntry => ({
  destination,
  kind: 'brief',
  slot: day,
  payloads: [],
  silent: false,
  priority: 10,
  dueAt: Date.parse(`${day}T08:00:00Z`),
  expiresAt: Date.parse(`${day}T10:00:00Z`),
});

const GROUP: ChatSpec = { id: -1001700000000101, type: 'supergroup', title: 'Desk' };
const dest = (chat: ChatSpec): Destination => ({ platform: 'telegram', chatId: String(chat.id) });
const MEMBER = { id: 700001, first_name: 'Mia' };
const ADMIN = { id: 700002, first_name: 'Ada' };
const OWNER = { id: 700003, first_name: 'Otto' };
const GROUP_ANONYMOUS_BOT = { id: 1087968824, first_name: 'Group', username: 'GroupAnonymousBot' };

let fake: FakeTelegram;
let adapter: TelegramAdapter;
let deps: TestDeps;

let running: RunningTelegram;
beforeAll(async () => {
  running = await startTelegram({
    registry: commands,
    prepare: (f) => {
      f.setMember(GROUP.id, MEMBER.id, 'member');
      f.setMember(GROUP.id, ADMIN.id, 'administrator');
      f.setMember(GROUP.id, OWNER.id, 'creator');
    },
  });
  ({ fake, deps, adapter } = running);
});

afterAll(() => running.stop());

async function converse(spec: CommandSpec): Promise<{ sent: string; calls: RecordedCall[] }> {
  const mark = fake.calls.length;
  await fake.handled(fake.postText(spec));
  const calls = fake.calls.slice(mark);
  const sent = calls.filter((c) => c.method === 'sendMessage').map((c) => parseTelegramHtml(String(c.params['text']))).join('\n');
  return { sent, calls };
}

async function deliver(update: Omit<Update, 'update_id'>): Promise<RecordedCall[]> {
  const mark = fake.calls.length;
  await fake.handled(fake.queueUpdate(update));
  return fake.calls.slice(mark);
}

describe('changing a group chat settings', () => {
  it('refuses a plain member, after asking Telegram about them', async () => {
    await deps.store.subscriptions.removeBrief(dest(GROUP));
    const { sent, calls } = await converse({ chat: GROUP, from: MEMBER, text: '/subscribe brief 07:30 Europe/Berlin' });
    expect(sent).toContain("Only this chat's admins can change its settings");
    const asked = calls.find((c) => c.method === 'getChatMember');
    expect(asked?.params, 'the question names this chat and this user').toMatchObject({ chat_id: GROUP.id, user_id: MEMBER.id });
    expect((await deps.store.subscriptions.chatSettings(dest(GROUP))).brief, 'nothing was subscribed').toBeNull();
  });

  for (const who of [ADMIN, OWNER]) {
    it(`lets ${who === ADMIN ? 'an administrator' : 'the creator'} subscribe the group`, async () => {
      await deps.store.subscriptions.removeBrief(dest(GROUP));
      const { sent } = await converse({ chat: GROUP, from: who, text: '/subscribe brief 07:30 Europe/Berlin' });
      expect(sent).toContain('Daily brief scheduled');
      expect((await deps.store.subscriptions.chatSettings(dest(GROUP))).brief).toMatchObject({ time: '07:30', timezone: 'Europe/Berlin', assets: ['BTC'] });
    });
  }

  it('lets an anonymous admin (writing as the group itself) subscribe without a lookup', async () => {
    await deps.store.subscriptions.removeBrief(dest(GROUP));
    const { sent, calls } = await converse({ chat: GROUP, from: GROUP_ANONYMOUS_BOT, senderChat: GROUP, text: '/subscribe brief' });
    expect(sent).toContain('Daily brief scheduled');
    expect(calls.some((c) => c.method === 'getChatMember'), 'the sender_chat already proves it').toBe(false);
  });

  it('refuses a post sent on behalf of another channel', async () => {
    await deps.store.subscriptions.removeBrief(dest(GROUP));
    const other: ChatSpec = { id: -1001700000000999, type: 'channel', title: 'Someone else' };
    const { sent } = await converse({ chat: GROUP, from: { id: 136817688, first_name: 'Channel' }, senderChat: other, text: '/subscribe brief' });
    expect(sent).toContain("Only this chat's admins");
    expect((await deps.store.subscriptions.chatSettings(dest(GROUP))).brief).toBeNull();
  });

  it('fails closed when Telegram cannot say who is an admin', async () => {
    await deps.store.subscriptions.removeBrief(dest(GROUP));
    fake.failNext('getChatMember', { code: 400, description: 'Bad Request: PARTICIPANT_ID_INVALID' });
    const { sent } = await converse({ chat: GROUP, from: ADMIN, text: '/subscribe brief' });
    expect(sent, 'an error is a no, never a yes').toContain("Only this chat's admins");
    expect((await deps.store.subscriptions.chatSettings(dest(GROUP))).brief).toBeNull();
  });
});

describe('private chats and channels', () => {
  it('a private chat is its own admin', async () => {
    const me: ChatSpec = { id: 700010, type: 'private' };
    const { sent, calls } = await converse({ chat: me, from: { id: 700010, first_name: 'Pat' }, text: '/subscribe alerts' });
    expect(sent).toContain('Flip alerts on');
    expect(calls.some((c) => c.method === 'getChatMember')).toBe(false);
  });

  it('a channel post comes from an admin (only admins can post)', async () => {
    const channel: ChatSpec = { id: -1001700000000102, type: 'channel', title: 'Notes' };
    const { sent } = await converse({ chat: channel, text: '/subscribe brief 09:00 Asia/Tokyo ETH' });
    expect(sent).toContain('Daily brief scheduled');
    expect((await deps.store.subscriptions.chatSettings(dest(channel))).brief).toMatchObject({ time: '09:00', timezone: 'Asia/Tokyo', assets: ['ETH'] });
  });
});

describe('membership and migration', () => {
  it('when the bot is removed from a group it forgets the group, and sends nothing there', async () => {
    const chat: ChatSpec = { id: -1001700000000103, type: 'supergroup', title: 'Leaving' };
    await deps.store.subscriptions.setBrief({ destination: dest(chat), time: '08:00', timezone: 'UTC', assets: ['BTC'], createdAt: deps.clock.now() });
    await deps.store.outbox.enqueue([queued(dest(chat), '2026-08-02')], deps.clock.now());
    const bot = { id: 123456789, is_bot: true, first_name: 'basisbot' };
    const calls = await deliver({
      my_chat_member: {
        chat: { id: chat.id, type: 'supergroup', title: 'Leaving' },
        from: { id: OWNER.id, is_bot: false, first_name: OWNER.first_name },
        date: 1_700_000_000,
        old_chat_member: { status: 'member', user: bot },
        new_chat_member: { status: 'kicked', user: bot, until_date: 0 },
      },
    } as Omit<Update, 'update_id'>);
    expect(calls.filter((c) => c.method.startsWith('send')), 'there is no one to reply to').toEqual([]);
    expect((await deps.store.subscriptions.chatSettings(dest(chat))).brief, 'the subscription is dropped').toBeNull();
    const row = await deps.store.outbox.get(briefKey(dest(chat), '2026-08-02'));
    expect([row?.status, row?.detail], 'a brief already queued for it is cancelled, not sent').toEqual(['cancelled', 'chat retired: bot kicked']);
  });

  it('when a group becomes a supergroup its subscription follows it', async () => {
    const old: ChatSpec = { id: -4000000104, type: 'group', title: 'Small desk' };
    const next = '-1001700000000104';
    await deps.store.subscriptions.setBrief({ destination: dest(old), time: '06:00', timezone: 'UTC', assets: ['BTC'], createdAt: deps.clock.now() });
    await deps.store.outbox.enqueue([queued(dest(old), '2026-08-02')], deps.clock.now());
    await deliver({
      message: { message_id: 1, date: 1_700_000_000, chat: { id: old.id, type: 'group', title: 'Small desk' }, from: { id: OWNER.id, is_bot: false, first_name: 'Otto' }, migrate_to_chat_id: Number(next) },
    } as Omit<Update, 'update_id'>);
    expect((await deps.store.subscriptions.chatSettings(dest(old))).brief, 'nothing left at the old id').toBeNull();
    expect((await deps.store.subscriptions.chatSettings({ platform: 'telegram', chatId: next })).brief, 'the subscription moved').toMatchObject({ time: '06:00' });
    expect(await deps.store.outbox.get(briefKey(dest(old), '2026-08-02')), 'the queued brief left the old id').toBeNull();
    expect((await deps.store.outbox.get(briefKey({ platform: 'telegram', chatId: next }, '2026-08-02')))?.status, 'and waits at the new one').toBe('pending');
  });
});

describe('the error boundary', () => {
  it('logs a failed update with its command and chat, apologises, and keeps polling', async () => {
    const chat: ChatSpec = { id: 700020, type: 'private' };
    const first = await converse({ chat, from: { id: 700020, first_name: 'Eve' }, text: '/boom' });
    expect(first.sent).toContain('Sorry, something went wrong on my side');
    const logged = deps.logger.entries.find((e) => e.msg === 'telegram update failed');
    expect(logged?.fields).toMatchObject({ command: 'boom', chat: '700020', err: 'TypeError: parser exploded' });
    const second = await converse({ chat, from: { id: 700020, first_name: 'Eve' }, text: '/start' });
    expect(second.sent, 'the next update is still answered: polling survived').toContain('Welcome to basisbot');
  });
});
