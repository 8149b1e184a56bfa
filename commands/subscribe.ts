import { parseTime, parseTimezone } from '../core/schedule.js';
import { parseAssetToken } from './args.js';
import { textReply } from './reply.js';
import { describeBrief } from './settings.js';
import { fail, ok, type Command, type Result } from './types.js';

export type SubscribeInput =
  | { kind: 'brief'; time: string; timezone: string; assets: string[] | null }
  | { kind: 'alerts' };

const EXAMPLE = '/subscribe brief 07:30 Europe/Berlin BTC ETH';
const TIME_LIKE = /^\d{1,2}[:.hH]\d{2}$/;
const MAX_ASSETS = 5;

/**
 * Arguments after `brief` may come in any order and any may be left out: a time looks like 07:30,
 * a timezone is an IANA name (or UTC), anything else is an asset.
 */
export function parseSubscribe(tokens: string[]): Result<SubscribeInput> {
  const [what, ...rest] = tokens;
  if (what?.toLowerCase() === 'alerts') {
    return rest.length === 0 ? ok({ kind: 'alerts' }) : fail('/subscribe alerts takes no arguments.', '/subscribe alerts');
  }
  if (what?.toLowerCase() !== 'brief') {
    return fail('Say what to subscribe to: a daily brief or flip alerts.', `${EXAMPLE} — or /subscribe alerts`);
  }
  let time: string | null = null;
  let timezone: string | null = null;
  const assets: string[] = [];
  for (const token of rest) {
    if (TIME_LIKE.test(token)) {
      if (time) return fail('Give one time only.', EXAMPLE);
      const t = parseTime(token.replace(/[.hH]/, ':'));
      if (!t.ok) return fail(t.error, EXAMPLE);
      time = t.value;
    } else if (token.includes('/') || /^(utc|gmt|z)$/i.test(token)) {
      if (timezone) return fail('Give one timezone only.', EXAMPLE);
      const z = parseTimezone(token);
      if (!z.ok) return fail(z.error, EXAMPLE);
      timezone = z.value;
    } else {
      const a = parseAssetToken(token);
      if (!a.ok) return fail(`"${token}" is neither a time (HH:MM), a timezone (like Europe/Berlin) nor an asset.`, EXAMPLE);
      if (!assets.includes(a.value)) assets.push(a.value);
    }
  }
  if (assets.length > MAX_ASSETS) return fail(`At most ${MAX_ASSETS} assets in one brief.`, EXAMPLE);
  return ok({ kind: 'brief', time: time ?? '08:00', timezone: timezone ?? 'UTC', assets: assets.length ? assets : null });
}

export const subscribeCommand: Command<SubscribeInput> = {
  name: 'subscribe',
  description: 'Get a daily brief at a local time, or flip alerts, in this chat',
  usage: '/subscribe brief [HH:MM] [Timezone] [ASSET…] | /subscribe alerts',
  examples: [EXAMPLE, '/subscribe brief', '/subscribe alerts'],
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
    { name: 'alerts', description: 'Alerts in this channel when the basis or the regime flips', options: [] },
  ],
  requiresAdmin: true,
  touchesNetwork: true,
  parse: parseSubscribe,
  async execute(input, ctx, deps) {
    const dest = ctx.destination;
    if (input.kind === 'alerts') {
      const changed = await deps.store.setAlerts(dest, true, ctx.now);
      return textReply(changed ? 'Flip alerts on' : 'Flip alerts were already on', [
        'This chat will get an alert when the futures basis or the market regime flips. Turn them off with /unsubscribe alerts.',
      ]);
    }
    const assets = input.assets ?? [deps.settings.defaultAsset];
    const known = await deps.market.knownAssets();
    const unknown = assets.filter((a) => !known.includes(a));
    if (unknown.length) {
      return textReply('Sorry', [`Unknown asset ${unknown.join(', ')}. Assets with spot and futures here: ${known.join(', ')}.`], 'error');
    }
    const sub = { destination: dest, time: input.time, timezone: input.timezone, assets, createdAt: ctx.now };
    await deps.store.setBrief(sub);
    return textReply('Daily brief scheduled', [describeBrief(sub, ctx.now), 'Change it by subscribing again; stop it with /unsubscribe brief.']);
  },
};
