import { textReply } from './reply.js';
import { ok, type Command } from './types.js';

/** The whole command surface as one table, generated from the registry. */
export function createHelpCommand(list: () => readonly Command<any>[]): Command<Record<string, never>> {
  return {
    name: 'help',
    description: 'What basisbot can do, and how to ask',
    usage: '/help',
    examples: ['/help'],
    options: [],
    touchesNetwork: false,
    parse: () => ok({}),
    async execute(_input, _ctx, deps) {
      return {
        ...textReply('basisbot — commands', [
          'basisbot reads the crypto derivatives market — the futures basis, funding and open interest — and says what it means.',
        ]),
        fields: list().map((c) => ({ name: c.usage, value: c.description })),
        footer: `Assets default to ${deps.settings.defaultAsset}. Settings commands need a chat admin in groups.`,
      };
    },
  };
}
