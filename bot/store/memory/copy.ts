/**
 * Values are copied in and out of the memory store, so a caller mutating a returned object cannot
 * change what is stored — as with a database.
 */
import type { AlertSubscription, BriefSubscription, Destination, OutboxRow } from '../../../core/ports.js';

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const byDestination = (a: Destination, b: Destination): number => cmp(a.platform, b.platform) || cmp(a.chatId, b.chatId);

export const copyBrief = (b: BriefSubscription): BriefSubscription => ({ ...b, destination: { ...b.destination }, assets: [...b.assets] });

export const copyAlerts = (a: AlertSubscription): AlertSubscription => ({
  ...a,
  destination: { ...a.destination },
  assets: [...a.assets],
  levels: { ...a.levels },
});

export const copyRow = (r: OutboxRow): OutboxRow => ({
  ...r,
  destination: { ...r.destination },
  payloads: [...r.payloads],
  messageIds: [...r.messageIds],
});
