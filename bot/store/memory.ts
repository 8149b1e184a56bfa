/**
 * The in-memory Store: a real implementation (used by tests and the console mode), held to the same
 * contract suite as SQLite and Postgres (test/store/contract.ts). Values are copied in and out so a
 * caller mutating a returned object cannot change what is stored — as with a database.
 */
import { destinationKey } from '../../core/ports.js';
import type { BriefSubscription, DeliveryRecord, Destination, Store } from '../../core/ports.js';
import type { Day, HistoryPoint } from '../../core/types.js';

const copyBrief = (b: BriefSubscription): BriefSubscription => ({
  ...b,
  destination: { ...b.destination },
  assets: [...b.assets],
});
const copyRecord = (r: DeliveryRecord): DeliveryRecord => ({ ...r, destination: { ...r.destination } });
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byDestination = (a: Destination, b: Destination): number => cmp(a.platform, b.platform) || cmp(a.chatId, b.chatId);

export function createMemoryStore(): Store {
  // History keyed `venue|asset|series|day`: a repeated day overwrites, like the SQL upsert.
  const history = new Map<string, HistoryPoint>();
  const briefs = new Map<string, BriefSubscription>();
  const alerts = new Map<string, Destination>();
  const deliveries = new Map<string, DeliveryRecord>();

  return {
    async close() {},

    async putHistory(points) {
      for (const p of points) history.set(`${p.venue}|${p.asset}|${p.series}|${p.day}`, { ...p });
    },
    async lastHistoryDay(venue, asset, series) {
      let last: Day | null = null;
      for (const p of history.values()) {
        if (p.venue === venue && p.asset === asset && p.series === series && (last === null || p.day > last)) last = p.day;
      }
      return last;
    },
    async loadHistory(venue, asset, fromDay) {
      return [...history.values()]
        .filter((p) => p.venue === venue && p.asset === asset && p.day >= fromDay)
        .sort((a, b) => cmp(a.day, b.day) || cmp(a.series, b.series))
        .map((p) => ({ ...p }));
    },

    async setBrief(sub) {
      briefs.set(destinationKey(sub.destination), copyBrief(sub));
    },
    async removeBrief(dest) {
      return briefs.delete(destinationKey(dest));
    },
    async setAlerts(dest, on) {
      const key = destinationKey(dest);
      if (on === alerts.has(key)) return false;
      if (on) alerts.set(key, { ...dest });
      else alerts.delete(key);
      return true;
    },
    async chatSettings(dest) {
      const brief = briefs.get(destinationKey(dest));
      return { brief: brief ? copyBrief(brief) : null, alerts: alerts.has(destinationKey(dest)) };
    },
    async listBriefs() {
      return [...briefs.values()].sort((a, b) => byDestination(a.destination, b.destination)).map(copyBrief);
    },
    async listAlertDestinations() {
      return [...alerts.values()].sort(byDestination).map((d) => ({ ...d }));
    },
    async moveDestination(from, to) {
      const fromKey = destinationKey(from);
      const toKey = destinationKey(to);
      if (fromKey === toKey) return;
      // The old chat's brief wins over anything already at the new id: it is the one users set up.
      const brief = briefs.get(fromKey);
      if (brief) {
        briefs.set(toKey, { ...copyBrief(brief), destination: { ...to } });
        briefs.delete(fromKey);
      }
      if (alerts.delete(fromKey)) alerts.set(toKey, { ...to });
      // Ledger rows keep their key (so a claimed delivery stays claimed) but follow the chat.
      for (const r of deliveries.values()) {
        if (destinationKey(r.destination) === fromKey) r.destination = { ...to };
      }
    },
    async retireDestination(dest) {
      briefs.delete(destinationKey(dest));
      alerts.delete(destinationKey(dest));
    },

    async claimDelivery(rec) {
      if (deliveries.has(rec.key)) return false;
      deliveries.set(rec.key, { ...rec, destination: { ...rec.destination }, status: 'pending', detail: null });
      return true;
    },
    async finishDelivery(key, status, at, detail) {
      const r = deliveries.get(key);
      if (!r) return; // nothing claimed under that key: nothing to finish (same as an UPDATE of no rows)
      r.status = status;
      r.updatedAt = at;
      r.detail = detail ?? null;
    },
    async getDelivery(key) {
      const r = deliveries.get(key);
      return r ? copyRecord(r) : null;
    },
    async listDeliveries(status) {
      return [...deliveries.values()]
        .filter((r) => r.status === status)
        .sort((a, b) => a.dueAt - b.dueAt || cmp(a.key, b.key))
        .map(copyRecord);
    },
  };
}
