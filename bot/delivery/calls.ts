/**
 * The track record's one writer: when a brief or an alert row is delivered, the calls its payloads
 * state are recorded (CallStore keeps the first delivery of each). A failure here is logged and
 * never fails the delivery: the message went out either way.
 */
import type { CallStore, Logger, OutboxRow, PublishedCall } from '../../core/ports.js';
import { describeError } from '../../commands/dispatch.js';
import type { Reply } from '../../commands/reply.js';

/** Calls this process has recorded: a broadcast delivers one call to thousands of chats, and only the first needs a write. */
const REMEMBERED = 1_000;

export function createCallRecorder(calls: CallStore, logger: Logger) {
  const recorded = new Set<string>();
  return async function recordCalls(row: OutboxRow, replies: readonly Reply[], at: number): Promise<void> {
    const published: PublishedCall[] = replies.flatMap((reply, i) => {
      if (!reply.call) return [];
      const { id, ...figures } = reply.call;
      const key = id ?? row.payloads[i]!;
      return recorded.has(key) ? [] : [{ ...figures, key, kind: row.kind, publishedAt: at }];
    });
    if (published.length === 0) return;
    try {
      await calls.record(published);
      for (const p of published) recorded.add(p.key);
      if (recorded.size > REMEMBERED) recorded.delete(recorded.values().next().value!);
    } catch (err) {
      logger.warn('track record: could not record a published call', { key: row.key, err: describeError(err) });
    }
  };
}
