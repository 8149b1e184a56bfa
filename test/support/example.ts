/**
 * Prints replies as the console shows them, on the fixture market at a chosen instant; the README's
 * example note and chart were made with it:
 *   npx tsx test/support/example.ts 2025-02-22T09:00:00Z /brief /basis
 * Charts are written to ./data/charts.
 */
import { answerLine, presentReply } from '../../bot/console/chat.js';
import { registry } from '../../commands/registry.js';
import { createTestDeps } from './app.js';

const [at, ...commands] = process.argv.slice(2);
const deps = await createTestDeps(at ? { now: at } : {});
for (const cmd of commands.length ? commands : ['/brief']) {
  const reply = await answerLine(cmd, registry, deps);
  console.log(`\n>>> ${cmd}\n${reply ? presentReply(reply, { chartDir: 'data/charts', write: () => {} }) : 'not a command'}`);
}
