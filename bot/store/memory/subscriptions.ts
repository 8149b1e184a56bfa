import { DEFAULT_LEVELS } from '../../../core/alerts/types.js';
import { destinationKey } from '../../../core/ports.js';
import type { AlertSubscription, BriefSubscription, SubscriptionStore } from '../../../core/ports.js';
import { mergeLevels } from '../levels.js';
import { byDestination, copyAlerts, copyBrief } from './copy.js';

export function createMemorySubscriptions(): SubscriptionStore {
  const briefs = new Map<string, BriefSubscription>();
  const alerts = new Map<string, AlertSubscription>();

  return {
    async setBrief(sub) {
      briefs.set(destinationKey(sub.destination), copyBrief(sub));
    },
    async removeBrief(dest) {
      return briefs.delete(destinationKey(dest));
    },
    async setAlerts(dest, assets, at) {
      const key = destinationKey(dest);
      const before = alerts.get(key);
      alerts.set(key, { destination: { ...dest }, assets: [...assets], levels: { ...(before?.levels ?? DEFAULT_LEVELS) }, updatedAt: at });
      return before === undefined;
    },
    async removeAlerts(dest) {
      return alerts.delete(destinationKey(dest));
    },
    async setAlertLevels(dest, levels, at) {
      const sub = alerts.get(destinationKey(dest));
      if (!sub) return null;
      sub.levels = mergeLevels(sub.levels, levels);
      sub.updatedAt = at;
      return copyAlerts(sub);
    },
    async chatSettings(dest) {
      const brief = briefs.get(destinationKey(dest));
      const alert = alerts.get(destinationKey(dest));
      return { brief: brief ? copyBrief(brief) : null, alerts: alert ? copyAlerts(alert) : null };
    },
    async listBriefs() {
      return [...briefs.values()].sort((a, b) => byDestination(a.destination, b.destination)).map(copyBrief);
    },
    async listAlerts() {
      return [...alerts.values()].sort((a, b) => byDestination(a.destination, b.destination)).map(copyAlerts);
    },
    async moveDestination(from, to) {
      const fromKey = destinationKey(from);
      const toKey = destinationKey(to);
      if (fromKey === toKey) return;
      // The old chat's settings win over anything already at the new id: they are what users set up.
      const brief = briefs.get(fromKey);
      if (brief) {
        briefs.set(toKey, { ...copyBrief(brief), destination: { ...to } });
        briefs.delete(fromKey);
      }
      const alert = alerts.get(fromKey);
      if (alert) {
        alerts.set(toKey, { ...copyAlerts(alert), destination: { ...to } });
        alerts.delete(fromKey);
      }
    },
    async retireDestination(dest) {
      briefs.delete(destinationKey(dest));
      alerts.delete(destinationKey(dest));
    },
  };
}
