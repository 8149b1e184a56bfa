/**
 * End to end: the real discord.js client, connected over a real WebSocket and HTTP to the fake
 * Discord on 127.0.0.1, answering slash commands with the real registry, fixture market and chart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../bot/discord/client.js';
import { TONE_COLOURS } from '../../bot/discord/render.js';
import { registry } from '../../commands/registry.js';
import { FakeDiscord, PERMISSIONS } from '../fakes/fakeDiscord.js';
import { BOT_TOKEN, startDiscord, type Running } from './harness.js';

const EPHEMERAL = 1 << 6;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const REGIME_COLOURS = [TONE_COLOURS.bullish, TONE_COLOURS.neutral, TONE_COLOURS.bearish];

let bot: Running;
beforeAll(async () => {
  bot = await startDiscord();
});
afterAll(async () => {
  await bot?.stop();
});

describe('connecting', () => {
  it('identifies over gateway v10, JSON, uncompressed, with the Guilds intent only', () => {
    const [conn] = bot.fake.gateway.connections;
    expect(conn!.query.get('v')).toBe('10');
    expect(conn!.query.get('encoding')).toBe('json');
    expect(conn!.query.has('compress'), 'no zlib-sync installed: no transport compression').toBe(false);
    expect(conn!.identify).toMatchObject({ token: BOT_TOKEN, intents: 1, shard: [0, 1] });
  });
});

describe('staying connected', () => {
  it('heartbeats are ACKed, so discord.js never drops the session as a zombie', async () => {
    const quick = await FakeDiscord.start(undefined, { heartbeatIntervalMs: 25 });
    const adapter = createDiscordAdapter({ token: BOT_TOKEN, apiBase: quick.apiBase, registry, deps: bot.deps, logger: bot.deps.logger });
    try {
      await adapter.start();
      let beats = 0;
      await new Promise<void>((resolve) => quick.gateway.on('payload', (p: { op: number }) => p.op === 1 && ++beats === 3 && resolve()));
      expect(quick.gateway.connections, 'one connection: no reconnect after a missed ACK').toHaveLength(1);
    } finally {
      await adapter.stop();
      await quick.close();
    }
  });
});

describe('starting with a wrong token', () => {
  it('start() rejects with discord.js\'s message, which does not repeat the token', async () => {
    const strict = await FakeDiscord.start();
    strict.botToken = 'the-right-token';
    const adapter = createDiscordAdapter({ token: 'wrong-secret-token', apiBase: strict.apiBase, registry, deps: bot.deps, logger: bot.deps.logger });
    try {
      const err = await adapter.start().then(() => null, (e: unknown) => e as Error);
      expect(err?.message).toMatch(/invalid token/i);
      expect(err?.message).not.toContain('wrong-secret-token');
    } finally {
      await adapter.stop();
      await strict.close();
    }
  });
});

describe('/basis and /brief', () => {
  it('/basis is deferred first (type 5), then @original is edited with the regime-coloured embed and the PNG chart', async () => {
    const { requests } = await bot.command({ command: 'basis' });
    expect(requests.map((r) => `${r.method} ${r.path.split('/').slice(-1)[0]}`), 'acknowledged before the market is read').toEqual([
      'POST callback',
      'PATCH @original',
    ]);
    expect(requests[0]!.json, 'deferred channel message').toEqual({ type: 5, data: { flags: 0 } });
    const edit = requests[1]!;
    const [embed] = edit.json.embeds;
    expect(embed.title).toMatch(/^BTC basis · (Bullish|Neutral|Bearish)/);
    expect(REGIME_COLOURS, 'coloured by the regime').toContain(embed.color);
    expect(embed.fields.map((f: { name: string }) => f.name)).toContain('Spot');
    expect(embed.image.url).toBe(`attachment://${edit.files[0]!.name}`);
    expect(edit.files[0]!.name).toMatch(/\.png$/);
    expect([...edit.fileBytes.get('files[0]')!.slice(0, 8)], 'a real PNG from the chart renderer').toEqual(PNG_SIGNATURE);
    expect(edit.files[0]!.size).toBeGreaterThan(1000);
    expect(edit.json.allowed_mentions, 'no data string can ping anyone').toEqual({ parse: [] });
  });

  it('/brief asset:ETH answers with the analyst note and its chart', async () => {
    const { requests } = await bot.command({ command: 'brief', options: { asset: 'eth' } });
    const edit = requests.find((r) => r.method === 'PATCH')!;
    const [embed] = edit.json.embeds;
    expect(REGIME_COLOURS).toContain(embed.color);
    expect(embed.description.length, 'a note of several paragraphs').toBeGreaterThan(200);
    expect(embed.description.split('\n\n').length).toBeGreaterThanOrEqual(3);
    expect(embed.footer.text).toMatch(/ETH|binance/i);
    expect(edit.files).toHaveLength(1);
  });

  it('an unknown asset is answered with the assets that exist', async () => {
    const { requests } = await bot.command({ command: 'basis', options: { asset: 'XYZ' } });
    const [embed] = requests.find((r) => r.method === 'PATCH')!.json.embeds;
    expect(embed.color).toBe(TONE_COLOURS.error);
    expect(embed.description).toContain('I don\'t know the asset "XYZ"');
    expect(embed.description).toContain('BTC, ETH');
  });

  it('a malformed asset ("BTC ETH" in one option) gets a clear message and an example at once, only for the caller', async () => {
    const { requests } = await bot.command({ command: 'brief', options: { asset: 'BTC ETH' } });
    expect(requests.map((r) => r.json?.type), 'refused before anything is deferred or fetched').toEqual([4]);
    expect(requests[0]!.json.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    const [embed] = requests[0]!.json.data.embeds;
    expect(embed.title).toBe('Sorry');
    expect(embed.description).toContain('is not an asset symbol');
    expect(embed.description).toContain('Example: /brief ETH');
  });
});

describe('commands without network', () => {
  it('/help is answered at once (type 4, not deferred) and lists the slash commands', async () => {
    const { requests } = await bot.command({ command: 'help' });
    expect(requests.map((r) => r.json.type)).toEqual([4]);
    const text = JSON.stringify(requests[0]!.json.data.embeds[0]);
    for (const name of ['basis', 'brief', 'subscribe', 'unsubscribe', 'settings']) expect(text).toContain(`/${name}`);
    expect(requests[0]!.json.data.flags ?? 0, 'help is for the whole channel').toBe(0);
  });
});

describe('subscriptions need Manage Channels, checked again by the bot', () => {
  it('a member without Manage Channels is refused /subscribe even if a server admin overrode the default permissions', async () => {
    const { requests } = await bot.command({ command: 'subscribe', subcommand: 'brief', options: { time: '07:30' }, permissions: PERMISSIONS.member });
    const [embed] = requests.find((r) => r.method === 'PATCH')!.json.embeds;
    expect(embed.description).toContain("Only this chat's admins can change its settings");
    const settings = await bot.deps.store.subscriptions.chatSettings({ platform: 'discord', chatId: bot.fake.ids.channelId });
    expect(settings.brief, 'nothing was stored').toBeNull();
  });

  it('a member with Manage Channels subscribes this channel; a skipped time option does not shift the timezone', async () => {
    const { requests } = await bot.command({
      command: 'subscribe',
      subcommand: 'brief',
      options: { timezone: 'Asia/Tokyo', assets: 'BTC ETH' },
      permissions: PERMISSIONS.manageChannels,
    });
    expect(requests[0]!.json.type, 'subscribe checks the market: deferred').toBe(5);
    const sub = (await bot.deps.store.subscriptions.chatSettings({ platform: 'discord', chatId: bot.fake.ids.channelId })).brief;
    expect(sub).toMatchObject({ time: '08:00', timezone: 'Asia/Tokyo', assets: ['BTC', 'ETH'] });
  });

  it('/unsubscribe by a plain member is refused at once, visible only to them (ephemeral)', async () => {
    const { requests } = await bot.command({ command: 'unsubscribe', options: { what: 'all' }, permissions: PERMISSIONS.member });
    expect(requests).toHaveLength(1);
    const callback = requests[0]!.json;
    expect(callback.type, 'no network: answered directly (type 4)').toBe(4);
    expect(callback.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(callback.data.embeds[0].description).toContain("Only this chat's admins");
    expect(callback.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('in a DM the user may always change that chat’s settings', async () => {
    const dm = '1200000000000000301';
    await bot.command({ command: 'subscribe', subcommand: 'alerts', dm: true, channelId: dm });
    expect((await bot.deps.store.subscriptions.chatSettings({ platform: 'discord', chatId: dm })).alerts, 'alerts on, for the default asset').toMatchObject({ assets: ['BTC'] });
  });
});

describe('autocomplete', () => {
  const answer = async (spec: Parameters<Running['fake']['sendAutocomplete']>[0]) => {
    const payload = bot.fake.sendAutocomplete(spec);
    return (await bot.fake.waitFor((r) => r.path.includes(payload.token) && r.path.endsWith('/callback'))).json;
  };

  it('the asset option offers the market’s assets matching the typed prefix', async () => {
    expect(await answer({ command: 'basis', options: { asset: 'e' }, focused: 'asset' })).toEqual({
      type: 8,
      data: { choices: [{ name: 'ETH', value: 'ETH' }] },
    });
  });

  it('the timezone option offers IANA zones', async () => {
    const json = await answer({ command: 'subscribe', subcommand: 'brief', options: { timezone: 'europe/ber' }, focused: 'timezone' });
    expect(json.data.choices).toEqual([{ name: 'Europe/Berlin', value: 'Europe/Berlin' }]);
  });
});

describe('one error boundary', () => {
  it('when Discord refuses the edit, the failure is logged with command and chat — never the tokens — and nothing is thrown', async () => {
    bot.fake.fail('PATCH', /\/messages\/@original$/, { status: 500 }, 8);
    const payload = bot.fake.sendCommand({ command: 'basis' });
    // The first edit and its 3 retries fail, then the boundary's apology edit and its 3 retries.
    await bot.fake.waitFor((r) => r.path.includes(payload.token) && r.method === 'PATCH' && r.json?.content !== undefined);
    const entry = await waitForLog(() => bot.deps.logger.entries.find((e) => e.msg === 'discord interaction failed'));
    expect(entry.fields).toMatchObject({ command: 'basis', chat: bot.fake.ids.channelId });
    const logged = JSON.stringify(bot.deps.logger.entries);
    expect(logged).not.toContain(payload.token);
    expect(logged).not.toContain(BOT_TOKEN);
  });
});

/** The log line is written right after the failing request is answered: poll the event loop, not the clock. */
async function waitForLog<T>(find: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = find();
    if (found) return found;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('log entry never written');
}
