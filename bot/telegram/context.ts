/**
 * From a Telegram message to what the commands see: the invocation, the chat kind, the
 * destination and an admin check that fails closed.
 */
import type { Chat, Message } from 'telegraf/types';
import type { Telegram } from 'telegraf';
import type { Logger } from '../../core/ports.js';
import { parseCommandText, type Invocation } from '../../commands/dispatch.js';
import type { ChatKind } from '../../commands/types.js';

/**
 * The command a message carries: a `bot_command` entity at offset 0. `/cmd@otherbot` in a group
 * is addressed to another bot and is ignored.
 */
export function commandFromMessage(msg: Message, botUsername: string): Invocation | null {
  if (!('text' in msg)) return null;
  const first = msg.entities?.[0];
  if (!first || first.type !== 'bot_command' || first.offset !== 0) return null;
  const mention = msg.text.slice(0, first.length).split('@')[1];
  if (mention !== undefined && mention.toLowerCase() !== botUsername.toLowerCase()) return null;
  return parseCommandText(msg.text);
}

export function chatKindOf(chat: Chat): ChatKind {
  if (chat.type === 'private') return 'private';
  if (chat.type === 'channel') return 'channel';
  return 'group'; // 'group' and 'supergroup'
}

const ADMIN_STATUSES = new Set(['creator', 'administrator']);

/**
 * Whether the sender may change this chat's settings. Private chat: it is theirs. Channel post:
 * only admins can post. Group: an anonymous admin writes as the group itself (`sender_chat` =
 * the chat); anyone else is asked about; any doubt or error answers no.
 */
export function adminCheck(telegram: Telegram, msg: Message, logger: Logger): () => Promise<boolean> {
  let answer: Promise<boolean> | null = null;
  const decide = async (): Promise<boolean> => {
    const kind = chatKindOf(msg.chat);
    if (kind === 'private' || kind === 'channel') return true;
    if (msg.sender_chat) return msg.sender_chat.id === msg.chat.id;
    if (!msg.from) return false;
    try {
      const member = await telegram.getChatMember(msg.chat.id, msg.from.id);
      return ADMIN_STATUSES.has(member.status);
    } catch (err) {
      logger.warn('telegram admin check failed; refusing', { chat: String(msg.chat.id), err: err instanceof Error ? err.message : String(err) });
      return false;
    }
  };
  return () => (answer ??= decide());
}
