/**
 * Builders for the updates Telegram delivers, with the entities Telegram itself would attach
 * (a `bot_command` entity at offset 0 whose length covers `/cmd@botname`).
 */
import type { Chat, Message, MessageEntity, User } from 'telegraf/types';

export type ChatSpec =
  | { id: number; type: 'private'; first_name?: string }
  | { id: number; type: 'group' | 'supergroup' | 'channel'; title: string };

export interface UserSpec {
  id: number;
  first_name: string;
  username?: string;
}

export function toChat(spec: ChatSpec): Chat {
  if (spec.type === 'private') return { id: spec.id, type: 'private', first_name: spec.first_name ?? 'Trader' };
  if (spec.type === 'group') return { id: spec.id, type: 'group', title: spec.title };
  if (spec.type === 'supergroup') return { id: spec.id, type: 'supergroup', title: spec.title };
  return { id: spec.id, type: 'channel', title: spec.title };
}

export function toUser(spec: UserSpec): User {
  return { id: spec.id, is_bot: false, first_name: spec.first_name, ...(spec.username ? { username: spec.username } : {}) };
}

/** Entities for a text as Telegram computes them: only a leading command is marked here. */
export function commandEntities(text: string): MessageEntity[] {
  const m = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text);
  return m ? [{ type: 'bot_command', offset: 0, length: m[0].length }] : [];
}

export interface TextMessageSpec {
  messageId: number;
  date: number; // seconds
  chat: ChatSpec;
  text: string;
  from?: UserSpec; // absent in channel posts
  /** Set to the group itself for an anonymous admin, or to a channel posting into its linked group. */
  senderChat?: ChatSpec;
}

export function textMessage(spec: TextMessageSpec): Message.TextMessage {
  const entities = commandEntities(spec.text);
  return {
    message_id: spec.messageId,
    date: spec.date,
    chat: toChat(spec.chat),
    text: spec.text,
    ...(entities.length > 0 ? { entities } : {}),
    ...(spec.from ? { from: toUser(spec.from) } : {}),
    ...(spec.senderChat ? { sender_chat: toChat(spec.senderChat) } : {}),
  } as Message.TextMessage;
}
