/**
 * INTERACTION_CREATE payloads as Discord sends them over the gateway: a slash command (type 2) or
 * an autocomplete request (type 4), in a guild channel (with the member's permissions as a decimal
 * string) or in a DM (with `user` and no member).
 */
import { DEFAULT_IDS, user, type FakeIds } from './payloads.js';

export const PERMISSIONS = {
  /** View channel + send messages + read history: an ordinary member. */
  member: String((1n << 10n) | (1n << 11n) | (1n << 16n)),
  /** The same plus Manage Channels (1 << 4). */
  manageChannels: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 4n)),
};

export interface InteractionSpec {
  command: string;
  subcommand?: string;
  /** Option name → value, in the order the user filled them in. */
  options?: Record<string, string>;
  /** Autocomplete only: the option being typed. */
  focused?: string;
  /** Member permissions (guild); ignored in a DM. */
  permissions?: string;
  dm?: boolean;
  userId?: string;
  channelId?: string;
}

let counter = 0;

export function interactionPayload(spec: InteractionSpec, ids: FakeIds = DEFAULT_IDS, type: 2 | 4 = 2) {
  counter += 1;
  const id = `13000000000000${String(counter).padStart(5, '0')}`;
  const who = user(spec.userId ?? '1200000000000000777', 'trader');
  const values = Object.entries(spec.options ?? {}).map(([name, value]) => ({
    type: 3,
    name,
    value,
    ...(type === 4 && name === spec.focused ? { focused: true } : {}),
  }));
  const options = spec.subcommand ? [{ type: 1, name: spec.subcommand, options: values }] : values;
  const dmChannel = spec.channelId ?? '1200000000000000300';
  const place = spec.dm
    ? { user: who, channel: { id: dmChannel, type: 1, recipients: [who] }, channel_id: dmChannel, context: 1 }
    : {
        guild_id: ids.guildId,
        guild_locale: 'en-US',
        channel: { id: spec.channelId ?? ids.channelId, type: 0, guild_id: ids.guildId, name: 'markets' },
        channel_id: spec.channelId ?? ids.channelId,
        member: {
          user: who,
          roles: [],
          joined_at: '2025-06-01T00:00:00.000000+00:00',
          deaf: false,
          mute: false,
          flags: 0,
          pending: false,
          nick: null,
          avatar: null,
          premium_since: null,
          communication_disabled_until: null,
          permissions: spec.permissions ?? PERMISSIONS.member,
        },
        context: 0,
      };
  return {
    id,
    application_id: ids.applicationId,
    type,
    token: `aW50ZXJhY3Rpb246${id}FakeToken`,
    version: 1,
    app_permissions: PERMISSIONS.manageChannels,
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': ids.guildId },
    attachment_size_limit: 10 * 1024 * 1024,
    data: { id: `14000000000000${spec.command.length}`, name: spec.command, type: 1, options },
    ...place,
  };
}
