import { describe, expect, it } from 'vitest';
import { ALERT_RULES, DEFAULT_ALERT_COOLDOWN_MINUTES, alertRulesTable } from '../../../core/alerts/thresholds.js';
import { ALERT_KINDS } from '../../../core/alerts/types.js';
import { THRESHOLDS } from '../../../core/regime/weights.js';

describe('the alert rules', () => {
  it('every kind has a dead band, a confirmation count and a reason', () => {
    for (const k of ALERT_KINDS) {
      expect(ALERT_RULES[k].deadBand, k).toBeGreaterThan(0);
      expect(Number.isInteger(ALERT_RULES[k].confirmations) && ALERT_RULES[k].confirmations >= 1, k).toBe(true);
      expect(ALERT_RULES[k].why.length, `${k} says why`).toBeGreaterThan(40);
    }
  });

  it('the regime hysteresis leaves a Neutral side: its dead band is narrower than the label threshold', () => {
    expect(ALERT_RULES.regime.deadBand).toBeLessThan(THRESHOLDS.label);
  });

  it('the default cool-down is 240 minutes, like Alertmanager’s repeat interval', () => {
    expect(DEFAULT_ALERT_COOLDOWN_MINUTES).toBe(240);
  });

  it('alertRulesTable() states every rule, for the README', () => {
    expect(alertRulesTable().split('\n')).toEqual([
      '| Kind | Dead band | Checks to confirm | Why |',
      '|---|---|---|---|',
      `| \`basis\` | ±0.25% annualized | 3 | ${ALERT_RULES.basis.why} |`,
      `| \`band\` | ±0.25% annualized | 3 | ${ALERT_RULES.band.why} |`,
      `| \`regime\` | ±0.05 of score around ±0.2 | 3 | ${ALERT_RULES.regime.why} |`,
      `| \`cross\` | ±0.1% annualized | 1 | ${ALERT_RULES.cross.why} |`,
      `| \`funding\` | ±1% APR | 3 | ${ALERT_RULES.funding.why} |`,
    ]);
  });
});
