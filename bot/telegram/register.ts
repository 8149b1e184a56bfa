/**
 * Wires telegraf updates to the shared dispatcher. The adapter implements no command: it maps a
 * message to an invocation and a context, calls `answerCommand`, and sends the Reply it gets back
 * (nothing, when the sender is over the rate limit).
 */
import type { Context, Telegraf } from 'telegraf';
import type { Message, Update } from 'telegraf/types';
import type { Destination, Logger } from '../../core/ports.js';
import { answerCommand, describeError } from '../../commands/dispatch.js';
import { moveDestination, retireDestination } from '../delivery/destinations.js';
import type { Command, CommandDeps } from '../../commands/types.js';
import { adminCheck, chatKindOf, commandFromMessage } from './context.js';
import type { TelegramMessenger } from './messenger.js';

export interface HandlerDeps {
  registry: readonly Command<any>[];
  deps: CommandDeps;
  logger: Logger;
  messenger: TelegramMessenger;
}

export const ALLOWED_UPDATES = ['message', 'channel_post', 'my_chat_member'] as const;

const APOLOGY = 'Sorry, something went wrong on my side. It has been logged; please try again in a minute.';

const destinationOf = (chatId: number): Destination => ({ platform: 'telegram', chatId: String(chatId) });

function messageOf(update: Update): Message | null {
  if ('message' in update) return update.message;
  if ('channel_post' in update) return update.channel_post;
  return null;
}

/**
 * Who the rate limit counts: the sender chat when there is one (a channel post, an anonymous admin,
 * a post on behalf of a channel: `from` is then a shared service account), else the user.
 */
export const senderOf = (msg: Message): string | undefined => {
  const id = msg.sender_chat?.id ?? msg.from?.id;
  return id === undefined ? undefined : String(id);
};

export function registerHandlers(bot: Telegraf<Context>, h: HandlerDeps): void {
  bot.on(['message', 'channel_post'], async (ctx) => {
    const msg = messageOf(ctx.update);
    if (!msg) return;
    if ('migrate_to_chat_id' in msg) {
      // The group became a supergroup: its subscriptions follow it to the new id.
      await moveDestination(h.deps.store, destinationOf(msg.chat.id), destinationOf(msg.migrate_to_chat_id), h.deps.clock.now());
      h.logger.info('telegram chat migrated', { from: String(msg.chat.id), to: String(msg.migrate_to_chat_id) });
      return;
    }
    const inv = commandFromMessage(msg, ctx.botInfo.username);
    if (!inv) return;
    ctx.state['command'] = inv.name;
    const destination = destinationOf(msg.chat.id);
    const reply = await answerCommand(
      h.registry,
      inv,
      {
        destination,
        chatKind: chatKindOf(msg.chat),
        isAdmin: adminCheck(ctx.telegram, msg, h.logger),
        now: h.deps.clock.now(),
        userId: senderOf(msg),
      },
      h.deps,
    );
    if (!reply) return; // over the rate limit, and already told so: silence
    const threadId = 'is_topic_message' in msg && msg.is_topic_message ? msg.message_thread_id : undefined;
    // Paced with every other send, ahead of any broadcast, and never dropped for a rate limit.
    const outcome = await h.messenger.reply(destination.chatId, reply, threadId === undefined ? {} : { threadId });
    if (!outcome.ok && outcome.kind === 'gone') await retireDestination(h.deps.store, destination, h.deps.clock.now(), outcome.detail);
  });

  // Added to or removed from a chat. There is nothing to reply to here (ctx.reply would throw).
  bot.on('my_chat_member', async (ctx) => {
    const { chat, old_chat_member: before, new_chat_member: after } = ctx.update.my_chat_member;
    h.logger.info('telegram membership changed', { chat: String(chat.id), kind: chatKindOf(chat), from: before.status, to: after.status });
    if (after.status === 'left' || after.status === 'kicked') await retireDestination(h.deps.store, destinationOf(chat.id), h.deps.clock.now(), `bot ${after.status}`);
  });

  // telegraf's default handler rethrows, which stops polling after confirming the whole batch.
  bot.catch(async (err, ctx) => {
    const msg = messageOf(ctx.update);
    h.logger.error('telegram update failed', {
      err: describeError(err),
      command: ctx.state['command'] ?? null,
      chat: msg ? String(msg.chat.id) : null,
      update: ctx.update.update_id,
    });
    if (!msg) return;
    try {
      await ctx.telegram.sendMessage(msg.chat.id, APOLOGY);
    } catch (sendErr) {
      h.logger.warn('telegram apology not sent', { chat: String(msg.chat.id), err: describeError(sendErr) });
    }
  });
}
