/**
 * A chat that is gone or has moved concerns every part of the store: its subscriptions, its alert
 * cool-downs and its queued messages. These two functions are the one place that knows all three.
 */
import type { Destination, Store } from '../../core/ports.js';

/** Blocked, kicked, deleted: nothing more is sent to it and it is forgotten. */
export async function retireDestination(store: Store, dest: Destination, now: number, why: string): Promise<void> {
  await store.subscriptions.retireDestination(dest);
  await store.alerts.retireDestination(dest);
  await store.outbox.cancelPending(dest, null, `chat retired: ${why}`, now);
}

/** A Telegram group became a supergroup: everything follows it to the new id. */
export async function moveDestination(store: Store, from: Destination, to: Destination, now: number): Promise<void> {
  await store.subscriptions.moveDestination(from, to);
  await store.alerts.moveDestination(from, to);
  await store.outbox.moveDestination(from, to, now);
}
