/**
 * The Bot API methods the fake answers, with the checks Telegram makes that matter to us:
 * HTML entities must parse, text ≤ 4,096 and captions ≤ 1,024 visible characters, a re-sent
 * photo's file_id must be one this bot received.
 */
import type { Update } from 'telegraf/types';
import type { FormFile } from './multipart.js';
import { EntityParseError, parseTelegramHtml } from './html.js';
import { digest } from './ledger.js';

/** What the fake keeps of a photo: not its bytes, so 10,000 uploads stay cheap. */
export interface StoredFile {
  size: number;
  /** sha1 of the bytes: the same picture under another file_id is the same content. */
  digest: string;
}

export interface FakeState {
  updates: Update[];
  nextUpdateId: number;
  members: Map<string, string>; // `${chatId}:${userId}` → status
  files: Map<string, StoredFile>; // file_id → what was uploaded
  nextFileId: number;
  nextMessageId: number;
  pollTimeoutMs: number;
  username: string;
}

export type Answer = { ok: true; result: unknown } | { ok: false; error_code: number; description: string };

const BOT_ID = 123456789;
const ok = (result: unknown): Answer => ({ ok: true, result });
const bad = (description: string): Answer => ({ ok: false, error_code: 400, description: `Bad Request: ${description}` });

export function handleMethod(state: FakeState, method: string, p: Record<string, unknown>, files: Record<string, FormFile>): Answer {
  switch (method) {
    case 'getMe':
      return ok({ id: BOT_ID, is_bot: true, first_name: 'basisbot', username: state.username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
    case 'deleteWebhook':
    case 'setMyCommands':
      return ok(true);
    case 'getUpdates': {
      // An update is confirmed (forgotten) once getUpdates is called with a higher offset.
      const offset = Number(p['offset'] ?? 0);
      state.updates = state.updates.filter((u) => u.update_id >= offset);
      const limit = Number(p['limit'] ?? 100);
      return ok(state.updates.slice(0, limit));
    }
    case 'sendMessage': {
      const text = checkText(String(p['text'] ?? ''), p['parse_mode'], 4096, 'message is too long');
      if (typeof text !== 'string') return text;
      if (text.trim() === '') return bad('message text is empty');
      return ok({ ...messageBase(state, p), text });
    }
    case 'sendPhoto': {
      const caption = checkText(String(p['caption'] ?? ''), p['parse_mode'], 1024, 'message caption is too long');
      if (typeof caption !== 'string') return caption;
      const upload = files['photo'];
      let stored: StoredFile | undefined;
      if (upload) {
        stored = { size: upload.bytes.length, digest: digest(upload.bytes) };
      } else {
        stored = state.files.get(String(p['photo']));
        if (!stored) return bad('wrong file identifier/HTTP URL specified');
      }
      const fileId = `AgACAgFake${state.nextFileId++}`;
      state.files.set(fileId, stored);
      const photo = [{ file_id: fileId, file_unique_id: `uniq${fileId}`, width: 800, height: 450, file_size: stored.size }];
      return ok({ ...messageBase(state, p), photo, ...(caption ? { caption } : {}) });
    }
    case 'getChatMember': {
      const key = `${String(p['chat_id'])}:${String(p['user_id'])}`;
      const status = state.members.get(key) ?? 'member';
      return ok({ status, user: { id: Number(p['user_id']), is_bot: false, first_name: 'User' } });
    }
    case 'getChatAdministrators': {
      const prefix = `${String(p['chat_id'])}:`;
      const admins = [...state.members]
        .filter(([k, s]) => k.startsWith(prefix) && (s === 'creator' || s === 'administrator'))
        .map(([k, status]) => ({ status, user: { id: Number(k.slice(prefix.length)), is_bot: false, first_name: 'Admin' } }));
      return ok(admins);
    }
    default:
      return { ok: false, error_code: 404, description: 'Not Found' };
  }
}

function checkText(raw: string, parseMode: unknown, max: number, tooLong: string): string | Answer {
  let text = raw;
  if (parseMode === 'HTML') {
    try {
      text = parseTelegramHtml(raw);
    } catch (err) {
      if (err instanceof EntityParseError) return bad(err.message);
      throw err;
    }
  }
  return text.length > max ? bad(tooLong) : text;
}

function messageBase(state: FakeState, p: Record<string, unknown>) {
  return { message_id: state.nextMessageId++, date: 1_700_000_000, chat: { id: Number(p['chat_id']), type: 'private', first_name: 'Trader' } };
}
