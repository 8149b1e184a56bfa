/**
 * Chats scripted into a state Telegram answers every send to with the same error: blocked (403),
 * gone (400 chat not found) or upgraded to a supergroup (400 with migrate_to_chat_id).
 */

export type ChatScript =
  | { kind: 'forbidden'; reason: string }
  | { kind: 'notFound' }
  | { kind: 'migrated'; to: number };

export interface ErrorAnswer {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export function scriptedAnswer(s: ChatScript): ErrorAnswer {
  switch (s.kind) {
    case 'forbidden':
      return { ok: false, error_code: 403, description: `Forbidden: ${s.reason}` };
    case 'notFound':
      return { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
    case 'migrated':
      return {
        ok: false,
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: s.to },
      };
  }
}

export const tooManyRequests = (retryAfter: number): ErrorAnswer => ({
  ok: false,
  error_code: 429,
  description: `Too Many Requests: retry after ${retryAfter}`,
  parameters: { retry_after: retryAfter },
});

export const serverError = (status: 500 | 502): ErrorAnswer => ({
  ok: false,
  error_code: status,
  description: status === 500 ? 'Internal Server Error' : 'Bad Gateway',
});
