/** Flip alerts, as pure functions: readings → transitions → per-chat selection → text. */
export * from './types.js';
export { ALERT_RULES, DEFAULT_ALERT_COOLDOWN_MINUTES, alertRulesTable, type AlertRules, type KindRule } from './thresholds.js';
export { alertReadings, type AlertReadings } from './readings.js';
export { detectTransitions, type Detection, type Transition } from './transitions.js';
export { selectForChat, type ChatSelection } from './select.js';
export { writeAlert, type AlertMessage } from './message.js';
