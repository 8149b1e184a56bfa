/**
 * The track record's one writer: when a brief or an alert row is delivered, the calls its payloads
 * state are recorded (CallStore keeps the first delivery of each). A failure here is logged and
 * never fails the delivery: the message went out either way.
 */
import type { CallStore, Logger, OutboxRow, PublishedCall } from '../../core/ports.js';
import { describeError } from '../../commands/dispatch.js';
import type { Reply } from '../../commands/reply.js';

export async function recordCalls(calls: CallStore, row: OutboxRow, replies: readonly Reply[], at: number, logger: Logger): Promise<void> {
  const published: PublishedCall[] = replies.flatMap((reply, i) => {
    if (!reply.call) return [];
    const { id, ...figures } = reply.call;
    return [{ ...figures, key: id ?? row.payloads[i]!, kind: row.kind, publishedAt: at }];
  });
  if (published.length === 0) return;
  try {
    await calls.record(published);
  } catch (err) {
    logger.warn('track record: could not record a published call', { key: row.key, err: describeError(err) });
  }
}
