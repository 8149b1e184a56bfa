import { parseTime, parseTimezone, zoneKindOf } from '../core/schedule.js';
import { parseAssetList, parseAssetToken } from './args.js';
import { ALERT_KINDS, DEFAULT_LEVELS } from '../core/alerts/types.js';
import { cooldownText, kindText, TUNE_HINT, watchedAssets } from './alerts.js';
import { errorReply, textReply, type Reply } from './reply.js';
import { describeBrief } from './settings.js';
import { fail, ok, type Command, type CommandContext, type CommandDeps, type OptionValues, type Result } from './types.js';

export type SubscribeInput =
  | {
      kind: 'brief';
      time: string;
      timezone: string;
      assets: string[] | null;
      /**
       * Typed text only: a word written like a zone abbreviation (EST, CET, PST) where no other zone
       * was given. It is an asset when the market has one by that name, and the zone otherwise.
       */
      zoneWord?: string;
    }
  | { kind: 'alerts'; assets: string[] | null };

const EXAMPLE = '/subscribe brief 07:30 Europe/Berlin BTC ETH';
const ALERTS_EXAMPLE = '/subscribe alerts BTC ETH';
const TIME_LIKE = /^\d{1,2}[:.hH]\d{2}$/;
const MAX_ASSETS = 5;

/**
 * Arguments after `brief` may come in any order and any may be left out: a time looks like 07:30,
 * a timezone is an IANA name or UTC, anything else is an asset — but a word written like a zone
 * abbreviation (EST, CET, PST) is decided when the market's assets are known (see zoneWord).
 */
export function parseSubscribe(tokens: string[]): Result<SubscribeInput> {
  const [what, ...rest] = tokens;
  if (what?.toLowerCase() === 'alerts') return parseAlertAssets(rest);
  if (what?.toLowerCase() !== 'brief') {
    return fail('Say what to subscribe to: a daily brief or flip alerts.', `${EXAMPLE} — or ${ALERTS_EXAMPLE}`);
  }
  let time: string | null = null;
  let timezone: string | null = null;
  let zoneWord: string | null = null;
  const assets: string[] = [];
  for (const token of rest) {
    if (TIME_LIKE.test(token)) {
      if (time) return fail('Give one time only.', EXAMPLE);
      const t = parseTime(token.replace(/[.hH]/, ':'));
      if (!t.ok) return fail(t.error, EXAMPLE);
      time = t.value;
    } else if (token.includes('/') || zoneKindOf(token) === 'zone') {
      if (timezone) return fail('Give one timezone only.', EXAMPLE);
      const z = parseTimezone(token);
      if (!z.ok) return fail(z.error, EXAMPLE);
      timezone = z.value;
    } else if (zoneWord === null && zoneKindOf(token) === 'abbreviation') {
      zoneWord = token.toUpperCase();
    } else {
      const a = parseAssetToken(token);
      if (!a.ok) return fail(`"${token}" is neither a time (HH:MM), a timezone (like Europe/Berlin) nor an asset.`, EXAMPLE);
      if (!assets.includes(a.value)) assets.push(a.value);
    }
  }
  // With a zone given, a zone-like word can only be an asset.
  if (zoneWord !== null && timezone !== null) {
    if (!assets.includes(zoneWord)) assets.push(zoneWord);
    zoneWord = null;
  }
  if (assets.length > MAX_ASSETS) return fail(`At most ${MAX_ASSETS} assets in one brief.`, EXAMPLE);
  const brief = { kind: 'brief' as const, time: time ?? '08:00', timezone: timezone ?? 'UTC', assets: assets.length ? assets : null };
  return ok(zoneWord === null ? brief : { ...brief, zoneWord });
}

/** The zone-like word of a typed /subscribe brief, decided: an asset the market knows by that name, or the zone. */
function resolveZoneWord(input: Extract<SubscribeInput, { kind: 'brief' }>, known: readonly string[]): Result<Extract<SubscribeInput, { kind: 'brief' }>> {
  const { zoneWord, ...rest } = input;
  if (zoneWord === undefined) return ok(rest);
  if (known.includes(zoneWord)) {
    const assets = [...new Set([...(rest.assets ?? []), zoneWord])];
    return assets.length > MAX_ASSETS ? fail(`At most ${MAX_ASSETS} assets in one brief.`, EXAMPLE) : ok({ ...rest, assets });
  }
  const z = parseTimezone(zoneWord);
  if (z.ok) return ok({ ...rest, timezone: z.value });
  return fail(z.error, ['/subscribe brief', rest.time, z.example, ...(rest.assets ?? [])].join(' '));
}

/**
 * Discord's named options: what is in `time` is a time, in `timezone` a timezone (EST, UTC and
 * Asia/Tokyo alike), in `assets` assets — nothing is guessed from its shape.
 */
export function parseSubscribeOptions({ subcommand, values }: OptionValues): Result<SubscribeInput> {
  const example = subcommand === 'alerts' ? ALERTS_EXAMPLE : EXAMPLE;
  const assets = parseAssetList(values['assets'] ? [values['assets']] : [], MAX_ASSETS, example);
  if (!assets.ok) return assets;
  if (subcommand === 'alerts') return ok({ kind: 'alerts', assets: assets.value });
  if (subcommand !== 'brief') return fail('Say what to subscribe to: a daily brief or flip alerts.', `${EXAMPLE} — or ${ALERTS_EXAMPLE}`);
  let time = '08:00';
  const t = values['time']?.trim();
  if (t) {
    const parsed = parseTime(t.replace(/^(\d{1,2})[.hH](\d{2})$/, '$1:$2'));
    if (!parsed.ok) return fail(parsed.error, EXAMPLE);
    time = parsed.value;
  }
  let timezone = 'UTC';
  const z = values['timezone']?.trim();
  if (z) {
    const parsed = parseTimezone(z);
    if (!parsed.ok) return fail(parsed.error, EXAMPLE);
    timezone = parsed.value;
  }
  return ok({ kind: 'brief', time, timezone, assets: assets.value });
}

function parseAlertAssets(tokens: string[]): Result<SubscribeInput> {
  const assets: string[] = [];
  for (const token of tokens) {
    const a = parseAssetToken(token);
    if (!a.ok) return fail(a.error, ALERTS_EXAMPLE);
    if (!assets.includes(a.value)) assets.push(a.value);
  }
  if (assets.length > MAX_ASSETS) return fail(`At most ${MAX_ASSETS} assets for alerts.`, ALERTS_EXAMPLE);
  return ok({ kind: 'alerts', assets: assets.length ? assets : null });
}

export const subscribeCommand: Command<SubscribeInput> = {
  name: 'subscribe',
  description: 'Get a daily brief at a local time, or flip alerts, in this chat',
  usage: '/subscribe brief [HH:MM] [Timezone] [ASSET…] | /subscribe alerts [ASSET…]',
  examples: [EXAMPLE, '/subscribe brief', ALERTS_EXAMPLE],
  options: [],
  subcommands: [
    {
      name: 'brief',
      description: 'A daily brief in this channel at a local time',
      options: [
        { name: 'time', description: 'Local time, HH:MM (default 08:00)' },
        { name: 'timezone', description: 'IANA timezone, e.g. Europe/Berlin (default UTC)', autocomplete: 'timezone' },
        { name: 'assets', description: 'Assets separated by spaces (default: the bot\'s default asset)', variadic: true },
      ],
    },
    {
      name: 'alerts',
      description: 'Alerts in this channel when the basis, funding or the regime flips',
      options: [{ name: 'assets', description: 'Assets separated by spaces (default: the bot\'s default asset)', variadic: true, autocomplete: 'asset' }],
    },
  ],
  requiresAdmin: true,
  touchesNetwork: true,
  parse: parseSubscribe,
  parseOptions: parseSubscribeOptions,
  async execute(typed, ctx, deps) {
    const dest = ctx.destination;
    const known = await deps.market.knownAssets();
    const resolved = typed.kind === 'brief' ? resolveZoneWord(typed, known) : ok(typed);
    if (!resolved.ok) return errorReply(resolved.error, resolved.example);
    const input = resolved.value;
    const assets = input.assets ?? [deps.settings.defaultAsset];
    const unknown = assets.filter((a) => !known.includes(a));
    if (unknown.length) {
      return textReply('Sorry', [`Unknown asset ${unknown.join(', ')}. Assets with spot and futures here: ${known.join(', ')}.`], 'error');
    }
    if (input.kind === 'alerts') return subscribeAlerts(assets, ctx, deps);
    const sub = { destination: dest, time: input.time, timezone: input.timezone, assets, createdAt: ctx.now };
    await deps.store.subscriptions.setBrief(sub);
    return textReply('Daily brief scheduled', [describeBrief(sub, ctx.now), 'Change it by subscribing again; stop it with /unsubscribe brief.']);
  },
};

/** Says exactly what will be sent: the kinds that are not off, for these assets, and how often at most. */
async function subscribeAlerts(assets: string[], ctx: CommandContext, deps: CommandDeps): Promise<Reply> {
  const dest = ctx.destination;
  const before = (await deps.store.subscriptions.chatSettings(dest)).alerts;
  await deps.store.subscriptions.setAlerts(dest, assets, ctx.now);
  const levels = (await deps.store.subscriptions.chatSettings(dest)).alerts?.levels ?? DEFAULT_LEVELS;
  const sent = ALERT_KINDS.filter((k) => levels[k] !== 'off');
  const off = ALERT_KINDS.filter((k) => levels[k] === 'off');
  const lines = sent.map((k) => `• ${k}: ${kindText(k, deps.settings)}${levels[k] === 'silent' ? ' (silent)' : ''}`);
  const paragraphs = [
    ...(before ? [`This replaces the earlier list, ${watchedAssets(before, deps.settings).join(', ')}; the levels set with /alerts are kept.`] : []),
    sent.length ? [`This chat will get an alert for ${assets.join(', ')} when:`, ...lines].join('\n') : `Every kind is off in this chat, so nothing will be sent for ${assets.join(', ')}.`,
    ...(off.length && sent.length ? [`Off here: ${off.join(', ')}.`] : []),
    `Each kind alerts at most ${cooldownText(deps.settings.alertCooldownMinutes)} per asset. Nothing is sent for a state that already holds: alerts are for changes, /brief tells the state.`,
    `Tune them with ${TUNE_HINT} (silent: no notification sound); stop them with /unsubscribe alerts.`,
  ];
  return textReply(before ? 'Flip alerts updated' : 'Flip alerts on', paragraphs);
}
