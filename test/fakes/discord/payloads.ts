/**
 * Discord API objects as the real API sends them (API v10, fields discord.js reads), built from a
 * few ids. Snowflakes are strings; permissions are decimal strings.
 */

export interface FakeIds {
  applicationId: string;
  botUserId: string;
  guildId: string;
  channelId: string;
}

export const DEFAULT_IDS: FakeIds = {
  applicationId: '1200000000000000001',
  botUserId: '1200000000000000001', // a bot's user id equals its application id
  guildId: '1200000000000000100',
  channelId: '1200000000000000200',
};

export const user = (id: string, username: string, bot = false) => ({
  id,
  username,
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot,
  flags: 0,
  public_flags: 0,
});

/** The shard a guild's events go to, as Discord routes them: (guild_id >> 22) % shard count. */
export const shardOf = (guildId: string, count: number): number => Number((BigInt(guildId) >> 22n) % BigInt(count));

export function readyPayload(ids: FakeIds, sessionId: string, resumeUrl: string, shard: [number, number] = [0, 1]) {
  return {
    v: 10,
    user: { ...user(ids.botUserId, 'basisbot', true), verified: true, mfa_enabled: true },
    guilds: shardOf(ids.guildId, shard[1]) === shard[0] ? [{ id: ids.guildId, unavailable: true }] : [],
    session_id: sessionId,
    resume_gateway_url: resumeUrl,
    shard,
    application: { id: ids.applicationId, flags: 0 },
  };
}

export function guildCreatePayload(ids: FakeIds) {
  return {
    id: ids.guildId,
    name: 'Basis Traders',
    icon: null,
    owner_id: '1200000000000000900',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_id: ids.channelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    features: [],
    roles: [
      { id: ids.guildId, name: '@everyone', permissions: '2248473465835073', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0, icon: null, unicode_emoji: null },
    ],
    emojis: [],
    stickers: [],
    channels: [{ id: ids.channelId, type: 0, guild_id: ids.guildId, name: 'markets', position: 0, permission_overwrites: [], topic: null, nsfw: false, parent_id: null, last_message_id: null, rate_limit_per_user: 0 }],
    threads: [],
    members: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    joined_at: '2026-01-05T10:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: 3,
    max_members: 500000,
    premium_subscription_count: 0,
  };
}

/** A message as POST /channels/:id/messages or PATCH …/messages/@original answers it. */
export function messagePayload(ids: FakeIds, id: string, channelId: string, body: Record<string, unknown>, files: { name: string; size: number }[]) {
  return {
    id,
    type: 0,
    channel_id: channelId,
    author: user(ids.botUserId, 'basisbot', true),
    content: typeof body.content === 'string' ? body.content : '',
    timestamp: '2026-01-05T10:00:00.000000+00:00',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: files.map((f, i) => ({
      id: `${id}${i}`,
      filename: f.name,
      size: f.size,
      url: `https://cdn.discordapp.test/attachments/${channelId}/${id}/${f.name}`,
      proxy_url: `https://media.discordapp.test/attachments/${channelId}/${id}/${f.name}`,
      content_type: 'image/png',
    })),
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    pinned: false,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    components: [],
    nonce: body.nonce ?? undefined,
    webhook_id: undefined as string | undefined,
    application_id: ids.applicationId,
  };
}
