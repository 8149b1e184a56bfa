/**
 * Application commands as Discord keeps them, global and per guild. Like Discord, it answers with
 * ids and versions and leaves out option flags that are false, so a diff must treat an omitted
 * `required` / `autocomplete` as false.
 */

type Json = Record<string, any>;

export class FakeCommandStore {
  /** Scope ('global' or a guild id) → commands. */
  readonly scopes = new Map<string, Json[]>();

  constructor(
    private readonly applicationId: string,
    private readonly snowflake: () => string,
  ) {}

  list(guildId: string | null = null): Json[] {
    return this.scopes.get(guildId ?? 'global') ?? [];
  }

  /** [status, body] for one request under /applications/:id[/guilds/:id]/commands[/:id]. */
  handle(method: string, guildId: string | null, commandId: string | null, body: any): [number, unknown] {
    const scope = guildId ?? 'global';
    const current = this.list(guildId);
    const unknown: [number, unknown] = [404, { message: 'Unknown application command', code: 10063 }];
    if (commandId === null) {
      if (method === 'GET') return [200, current];
      if (method === 'PUT') {
        const next = (body as Json[]).map((c) => this.stored(c, guildId, current.find((o) => o.name === c.name)?.id));
        this.scopes.set(scope, next);
        return [200, next];
      }
      if (method === 'POST') {
        // POST with an existing name overwrites that command (Discord's upsert).
        const existing = current.find((o) => o.name === body.name);
        const cmd = this.stored(body, guildId, existing?.id);
        this.scopes.set(scope, [...current.filter((o) => o.name !== body.name), cmd]);
        return [existing ? 200 : 201, cmd];
      }
      return [405, { message: '405: Method Not Allowed', code: 0 }];
    }
    const existing = current.find((o) => o.id === commandId);
    if (!existing) return unknown;
    if (method === 'GET') return [200, existing];
    if (method === 'PATCH') {
      const cmd = this.stored({ ...existing, ...body }, guildId, existing.id);
      this.scopes.set(scope, current.map((o) => (o.id === commandId ? cmd : o)));
      return [200, cmd];
    }
    if (method === 'DELETE') {
      this.scopes.set(scope, current.filter((o) => o.id !== commandId));
      return [204, null];
    }
    return [405, { message: '405: Method Not Allowed', code: 0 }];
  }

  private stored(c: Json, guildId: string | null, id = this.snowflake()): Json {
    return {
      id,
      application_id: this.applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      version: this.snowflake(),
      type: c.type ?? 1,
      name: c.name,
      description: c.description,
      options: (c.options ?? []).map(stripFalse),
      default_member_permissions: c.default_member_permissions ?? null,
      contexts: c.contexts ?? null,
      integration_types: c.integration_types ?? [0],
      nsfw: c.nsfw ?? false,
      dm_permission: true,
    };
  }
}

function stripFalse(o: Json): Json {
  const { required, autocomplete, options, ...rest } = o;
  return {
    ...rest,
    ...(required ? { required } : {}),
    ...(autocomplete ? { autocomplete } : {}),
    ...(options ? { options: options.map(stripFalse) } : {}),
  };
}
