/**
 * Rendered replies as stored outbox payloads. A payload is written once per (asset, slot) and read
 * by every row that names it, so 10,000 chats due at 08:00 share one rendering and one chart.
 */
import type { OutboxEntry, OutboxStore } from '../../core/ports.js';
import type { Reply } from '../../commands/reply.js';

type Stored = Omit<Reply, 'image'> & { image?: Omit<NonNullable<Reply['image']>, 'png'> & { png: string } };

export function serializeReply(reply: Reply): string {
  const { image, ...rest } = reply;
  const stored: Stored = image ? { ...rest, image: { ...image, png: Buffer.from(image.png).toString('base64') } } : rest;
  return JSON.stringify(stored);
}

export function deserializeReply(body: string): Reply {
  const { image, ...rest } = JSON.parse(body) as Stored;
  return image ? { ...rest, image: { ...image, png: new Uint8Array(Buffer.from(image.png, 'base64')) } } : rest;
}

export interface Payload {
  key: string;
  reply: Reply;
}

/**
 * What a producer does: store the payloads (each once), then the rows that name them. Returns the
 * keys of the rows inserted; rows that already existed are left as they are.
 */
export async function publish(outbox: OutboxStore, payloads: readonly Payload[], entries: readonly OutboxEntry[], now: number): Promise<string[]> {
  if (entries.length === 0) return [];
  const used = new Set(entries.flatMap((e) => e.payloads));
  for (const p of payloads) if (used.has(p.key)) await outbox.putPayload(p.key, serializeReply(p.reply), now);
  return outbox.enqueue([...entries], now);
}

/** Payloads are read by many rows in a row: a small cache in front of the store. */
export function createPayloadReader(outbox: OutboxStore, size = 64) {
  const cache = new Map<string, Promise<Reply | null>>();
  return (key: string): Promise<Reply | null> => {
    let hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit); // most recently used last
      return hit;
    }
    hit = outbox.getPayload(key).then((body) => (body === null ? null : deserializeReply(body)));
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return hit;
  };
}
