/** Running a command text through the dispatcher, as an adapter does, in a group whose caller is an admin unless told otherwise. */
import { parseCommandText, runCommand } from '../../commands/dispatch.js';
import { registry } from '../../commands/registry.js';
import type { CommandContext } from '../../commands/types.js';
import { createTestDeps } from '../support/app.js';

export type TestDeps = Awaited<ReturnType<typeof createTestDeps>>;

export function context(over: Partial<CommandContext> = {}): CommandContext {
  return {
    destination: { platform: 'telegram', chatId: '-1001234567890123' },
    chatKind: 'group',
    isAdmin: async () => true,
    now: Date.parse('2026-08-01T09:00:00Z'),
    ...over,
  };
}

export async function run(text: string, ctx = context(), deps?: TestDeps) {
  const d = deps ?? (await createTestDeps());
  return runCommand(registry, parseCommandText(text)!, ctx, d);
}
