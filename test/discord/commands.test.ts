import { describe, expect, it } from 'vitest';
import { computeDifferences, optionTokens, registryToJson, toCommandJson, type CommandJson, type ExistingCommand } from '../../bot/discord/commands.js';
import { registry } from '../../commands/registry.js';
import type { Command } from '../../commands/types.js';

const byName = (name: string): Command<unknown> => {
  const c = registry.find((x) => x.name === name);
  if (!c) throw new Error(`no /${name} in the registry`);
  return c;
};

describe('slash-command JSON from the registry', () => {
  it('/basis is one optional string option with asset autocomplete, open to everyone, in servers and DMs', () => {
    expect(toCommandJson(byName('basis'))).toEqual({
      type: 1,
      name: 'basis',
      description: 'Futures basis, funding and open interest now, with the regime and a chart',
      options: [{ type: 3, name: 'asset', description: "Asset, e.g. BTC or ETH (default: the bot's default asset)", required: false, autocomplete: true }],
      default_member_permissions: null,
      contexts: [0, 1],
      integration_types: [0],
      nsfw: false,
    });
  });

  it('/subscribe has the subcommands brief and alerts, options in declared order, gated by Manage Channels', () => {
    const json = toCommandJson(byName('subscribe'));
    expect(json.default_member_permissions, 'Manage Channels is 1 << 4').toBe('16');
    expect(json.options.map((o) => [o.type, o.name]), 'type 1 = subcommand').toEqual([
      [1, 'brief'],
      [1, 'alerts'],
    ]);
    expect(json.options[0]!.options!.map((o) => o.name), 'the parser reads them in this order').toEqual(['time', 'timezone', 'assets']);
    expect(json.options[0]!.options![1]!.autocomplete, 'timezone is completed').toBe(true);
    expect(json.options[1]!.options, 'alerts takes assets, completed one word at a time').toEqual([
      { type: 3, name: 'assets', description: "Assets separated by spaces (default: the bot's default asset)", required: false, autocomplete: true },
    ]);
  });

  it('/alerts has two optional options with choices, and is open to everyone: viewing needs no rights, the bot refuses changes by non-admins', () => {
    expect(toCommandJson(byName('alerts'))).toEqual({
      type: 1,
      name: 'alerts',
      description: 'The flip alerts of this chat, and each kind on, silent or off',
      options: [
        {
          type: 3,
          name: 'kind',
          description: 'Which alert to change (leave out to see them all)',
          required: false,
          choices: ['basis', 'band', 'regime', 'cross', 'funding', 'all'].map((c) => ({ name: c, value: c })),
        },
        {
          type: 3,
          name: 'level',
          description: 'on, silent (no notification sound) or off',
          required: false,
          choices: ['on', 'silent', 'off'].map((c) => ({ name: c, value: c })),
        },
      ],
      default_member_permissions: null,
      contexts: [0, 1],
      integration_types: [0],
      nsfw: false,
    });
  });

  it('every choice fits Discord: at most 25, names and values lower-case and ≤ 100 characters', () => {
    for (const c of registryToJson(registry)) {
      for (const o of [...c.options, ...c.options.flatMap((x) => x.options ?? [])]) {
        expect((o.choices ?? []).length, `${c.name} ${o.name}`).toBeLessThanOrEqual(25);
        for (const ch of o.choices ?? []) expect(ch.value, `${c.name} ${o.name}`).toMatch(/^[a-z0-9_-]{1,100}$/);
        expect(o.description.length, `${c.name} ${o.name}`).toBeLessThanOrEqual(100);
      }
    }
  });

  it('/unsubscribe offers its three choices and requires one', () => {
    const [what] = toCommandJson(byName('unsubscribe')).options;
    expect(what).toEqual({
      type: 3,
      name: 'what',
      description: 'What to stop',
      required: true,
      choices: [
        { name: 'brief', value: 'brief' },
        { name: 'alerts', value: 'alerts' },
        { name: 'all', value: 'all' },
      ],
    });
    expect(toCommandJson(byName('unsubscribe')).default_member_permissions).toBe('16');
  });

  it('every command fits Discord: lower-case name, description ≤ 100, ≤ 25 options, required before optional', () => {
    for (const c of registryToJson(registry)) {
      expect(c.name, c.name).toMatch(/^[a-z0-9_-]{1,32}$/);
      expect(c.description.length, c.name).toBeLessThanOrEqual(100);
      const lists = [c.options, ...c.options.map((o) => o.options ?? [])];
      for (const list of lists) {
        expect(list.length, c.name).toBeLessThanOrEqual(25);
        const firstOptional = list.findIndex((o) => o.type === 3 && !o.required);
        const lastRequired = list.map((o) => o.type === 3 && o.required).lastIndexOf(true);
        expect(firstOptional === -1 || lastRequired < firstOptional, `${c.name}: Discord refuses a required option after an optional one`).toBe(true);
      }
    }
  });
});

describe('option values → tokens for the command parser', () => {
  const subscribe = byName('subscribe');
  const cases: [string, string | null, Record<string, string | undefined>, string[]][] = [
    ['no options', null, {}, []],
    ['all filled, variadic split on spaces', 'brief', { time: '07:30', timezone: 'Europe/Berlin', assets: 'BTC  ETH' }, ['brief', '07:30', 'Europe/Berlin', 'BTC', 'ETH']],
    ['a middle option omitted is skipped', 'brief', { timezone: 'Asia/Tokyo', assets: 'ETH' }, ['brief', 'Asia/Tokyo', 'ETH']],
    ['values given out of order come back in declared order', 'brief', { assets: 'ETH', time: '06:00' }, ['brief', '06:00', 'ETH']],
    ['alerts with no assets', 'alerts', {}, ['alerts']],
    ['alerts with assets, split on spaces', 'alerts', { assets: 'BTC ETH' }, ['alerts', 'BTC', 'ETH']],
    ['blank text counts as omitted', 'brief', { time: '  ', assets: '' }, ['brief']],
  ];
  it.each(cases)('%s', (_why, sub, values, expected) => {
    expect(optionTokens(subscribe, sub, values)).toEqual(expected);
  });

  it('the real subscribe parser reads skipped-middle tokens right (time defaults, zone kept)', () => {
    const parsed = subscribe.parse(optionTokens(subscribe, 'brief', { timezone: 'Asia/Tokyo', assets: 'ETH' }));
    expect(parsed, 'a missing time must not shift the timezone into its place').toEqual({
      ok: true,
      value: { kind: 'brief', time: '08:00', timezone: 'Asia/Tokyo', assets: ['ETH'] },
    });
  });

  it.each([
    ['nothing: view', {}, { action: 'view' }],
    ['kind and level', { kind: 'funding', level: 'silent' }, { action: 'set', kinds: ['funding'], level: 'silent' }],
    ['all', { kind: 'all', level: 'off' }, { action: 'set', kinds: ['basis', 'band', 'regime', 'cross', 'funding'], level: 'off' }],
  ] as const)('/alerts options → the real parser: %s', (_why, values, expected) => {
    const alerts = byName('alerts');
    expect(alerts.parse(optionTokens(alerts, null, values))).toEqual({ ok: true, value: expected });
  });

  it('/alerts with a level but no kind is refused with a clear message, not read as a view', () => {
    const alerts = byName('alerts');
    expect(alerts.parse(optionTokens(alerts, null, { level: 'silent' }))).toEqual({
      ok: false,
      error: 'Say which kind to set silent: basis, band, regime, cross, funding or all.',
      example: '/alerts funding silent',
    });
  });

  it('/basis asset is a single token even with spaces, so the parser can refuse it', () => {
    expect(optionTokens(byName('basis'), null, { asset: 'BTC ETH' })).toEqual(['BTC ETH']);
  });
});

describe('computeDifferences', () => {
  const basis = toCommandJson(byName('basis'));
  const help = toCommandJson(byName('help'));
  /** What Discord answers for a command we sent: ids added, false option flags left out. */
  const asStored = (c: CommandJson, id: string): ExistingCommand => ({
    ...c,
    id,
    options: c.options.map(({ required, autocomplete, ...o }) => ({ ...o, ...(required ? { required } : {}), ...(autocomplete ? { autocomplete } : {}) })),
  });

  const table: [string, ExistingCommand[], CommandJson[], { create: string[]; update: string[]; delete: string[]; unchanged: string[] }][] = [
    ['nothing registered yet → create all', [], [basis, help], { create: ['basis', 'help'], update: [], delete: [], unchanged: [] }],
    ['as Discord stores them (false flags omitted) → nothing to do', [asStored(basis, '1'), asStored(help, '2')], [basis, help], { create: [], update: [], delete: [], unchanged: ['basis', 'help'] }],
    ['description changed → update', [asStored({ ...basis, description: 'old text' }, '1')], [basis], { create: [], update: ['1'], delete: [], unchanged: [] }],
    ['option became required → update', [asStored(basis, '1')], [{ ...basis, options: [{ ...basis.options[0]!, required: true }] }], { create: [], update: ['1'], delete: [], unchanged: [] }],
    ['permissions changed → update', [asStored(basis, '1')], [{ ...basis, default_member_permissions: '16' }], { create: [], update: ['1'], delete: [], unchanged: [] }],
    ['contexts in another order → unchanged', [{ ...asStored(basis, '1'), contexts: [1, 0] }], [basis], { create: [], update: [], delete: [], unchanged: ['basis'] }],
    ['a command no longer in the registry → delete', [asStored(basis, '1'), { id: '9', name: 'old', description: 'gone' }], [basis], { create: [], update: [], delete: ['9'], unchanged: ['basis'] }],
  ];
  it.each(table)('%s', (_why, existing, desired, expected) => {
    const d = computeDifferences(existing, desired);
    expect({
      create: d.create.map((c) => c.name),
      update: d.update.map((u) => u.id),
      delete: d.delete.map((x) => x.id),
      unchanged: d.unchanged,
    }).toEqual(expected);
  });
});
