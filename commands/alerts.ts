import { ALERT_KINDS, ALERT_LEVELS, type AlertKind, type AlertLevel, type AlertLevels } from '../core/alerts/types.js';
import { bandRange } from '../core/format.js';
import type { AlertSubscription } from '../core/ports.js';
import type { Reply, ReplyField } from './reply.js';
import { fail, ok, type Command, type OptionValues, type Result, type Settings } from './types.js';

export type AlertsInput = { action: 'view' } | { action: 'set'; kinds: AlertKind[]; level: AlertLevel };

const EXAMPLE = '/alerts funding silent';
const KIND_WORDS = [...ALERT_KINDS, 'all'] as const;
const KIND_LIST = 'basis, band, regime, cross, funding or all';
export const TUNE_HINT = '/alerts KIND on|silent|off';

/** What each kind alerts on, in plain words (the band is the operator's, from BASIS_BAND). */
export function kindText(kind: AlertKind, settings: Settings): string {
  switch (kind) {
    case 'basis':
      return 'the futures basis crosses zero, either way';
    case 'band':
      return `the basis climbs above the ${bandRange(settings.band)} band (renewed confidence), or falls back into it`;
    case 'regime':
      return 'the regime label changes (Bullish, Neutral, Bearish)';
    case 'cross':
      return "the basis's 7-day average crosses its 30-day average";
    case 'funding':
      return 'perpetual funding turns negative, or positive again';
  }
}

const LEVEL_TEXT: Record<AlertLevel, string> = {
  on: 'sent with a notification sound',
  silent: 'sent without a notification sound',
  off: 'not sent',
};

/** 240 → 'once every 4 hours'; 60 → 'once an hour'; 90 → 'once every 90 minutes'. */
export function cooldownText(minutes: number): string {
  const [n, unit] = minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  if (n === 1) return unit === 'hour' ? 'once an hour' : `once a ${unit}`;
  return `once every ${n} ${unit}s`;
}

/** The assets a subscription watches; an empty list (rows from before alerts took assets) is the default asset. */
export const watchedAssets = (sub: AlertSubscription, settings: Settings): string[] =>
  sub.assets.length ? sub.assets : [settings.defaultAsset];

const isKind = (t: string | undefined): t is (typeof KIND_WORDS)[number] => (KIND_WORDS as readonly string[]).includes(t ?? '');
const isLevel = (t: string | undefined): t is AlertLevel => (ALERT_LEVELS as readonly string[]).includes(t ?? '');

/** `/alerts` · `/alerts funding silent` · `/alerts ALL off` · `/alerts off cross` (read by shape, like /subscribe). */
export function parseAlerts(tokens: string[]): Result<AlertsInput> {
  if (tokens.length === 0) return ok({ action: 'view' });
  if (tokens.length > 2) return fail('Too many arguments: /alerts takes a kind and a level.', EXAMPLE);
  const words = tokens.map((t) => t.toLowerCase());
  const kind = words.find(isKind);
  const level = words.find(isLevel);
  const other = tokens.find((t) => !isKind(t.toLowerCase()) && !isLevel(t.toLowerCase()));
  if (other !== undefined) {
    if (kind) return fail(`"${other}" is not a level: use on, silent or off.`, `/alerts ${kind} silent`);
    if (level) return fail(`"${other}" is not an alert kind: use ${KIND_LIST}.`, `/alerts funding ${level}`);
    return fail(`"${other}" is not an alert kind: use ${KIND_LIST}, then on, silent or off.`, EXAMPLE);
  }
  if (!kind) return fail(`Say which kind to set ${level}: ${KIND_LIST}.`, `/alerts funding ${level}`);
  if (!level) return fail(`Say the level for ${kind}: on, silent or off.`, `/alerts ${kind} silent`);
  return ok({ action: 'set', kinds: kind === 'all' ? [...ALERT_KINDS] : [kind], level });
}

/** Discord's named `kind` and `level` options (its choices already hold them to the known words). */
export function parseAlertsOptions({ values }: OptionValues): Result<AlertsInput> {
  const kind = values['kind']?.trim().toLowerCase();
  const level = values['level']?.trim().toLowerCase();
  if (!kind && !level) return ok({ action: 'view' });
  if (kind && !isKind(kind)) return fail(`"${kind}" is not an alert kind: use ${KIND_LIST}.`, EXAMPLE);
  if (level && !isLevel(level)) return fail(`"${level}" is not a level: use on, silent or off.`, EXAMPLE);
  return parseAlerts([kind, level].filter((w): w is string => !!w));
}

/** The chat's alerts: what each kind means and its level, the assets, the cool-down, how to change them. */
export function alertsView(sub: AlertSubscription | null, settings: Settings, title = 'Flip alerts', lead: string[] = []): Reply {
  const cooldown = `Each kind alerts at most ${cooldownText(settings.alertCooldownMinutes)} per asset; nothing is sent for a state that already holds (/brief tells the state).`;
  if (!sub) {
    return {
      title,
      tone: 'info',
      paragraphs: [...lead, `Off in this chat. Turn them on with /subscribe alerts [ASSET…] (default ${settings.defaultAsset}).`, cooldown],
      fields: ALERT_KINDS.map((kind): ReplyField => ({ name: kind, value: kindText(kind, settings) })),
    };
  }
  return {
    title,
    tone: 'info',
    paragraphs: [...lead, `On in this chat for ${watchedAssets(sub, settings).join(', ')}.`, cooldown],
    fields: ALERT_KINDS.map((kind): ReplyField => ({ name: `${kind} · ${sub.levels[kind]}`, value: kindText(kind, settings) })),
    footer: `Change one with ${TUNE_HINT} (KIND: ${KIND_LIST}); silent means no notification sound. Stop them with /unsubscribe alerts.`,
  };
}

function changeLine(kinds: AlertKind[], level: AlertLevel): string {
  const who = kinds.length === ALERT_KINDS.length ? 'Every kind is' : `${kinds.join(', ')} is`;
  return `${who} now ${level}: ${LEVEL_TEXT[level]}.`;
}

export const alertsCommand: Command<AlertsInput> = {
  name: 'alerts',
  description: 'The flip alerts of this chat, and each kind on, silent or off',
  usage: '/alerts [KIND on|silent|off]',
  examples: ['/alerts', EXAMPLE, '/alerts all on'],
  options: [
    { name: 'kind', description: 'Which alert to change (leave out to see them all)', choices: [...KIND_WORDS] },
    { name: 'level', description: 'on, silent (no notification sound) or off', choices: [...ALERT_LEVELS] },
  ],
  // Anyone may look; changing a level is a setting.
  requiresAdmin: (input) => input.action === 'set',
  touchesNetwork: false,
  parse: parseAlerts,
  parseOptions: parseAlertsOptions,
  async execute(input, ctx, deps) {
    const dest = ctx.destination;
    if (input.action === 'view') {
      return alertsView((await deps.store.subscriptions.chatSettings(dest)).alerts, deps.settings);
    }
    const levels: Partial<AlertLevels> = Object.fromEntries(input.kinds.map((k) => [k, input.level]));
    const sub = await deps.store.subscriptions.setAlertLevels(dest, levels, ctx.now);
    if (!sub) {
      return {
        title: 'Flip alerts are off',
        tone: 'warning',
        paragraphs: ['This chat has no flip alerts to tune. Turn them on with /subscribe alerts first, then set their levels.'],
        fields: [],
      };
    }
    return alertsView(sub, deps.settings, 'Flip alerts updated', [changeLine(input.kinds, input.level)]);
  },
};
