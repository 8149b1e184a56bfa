import { createTestDeps } from './app.js';
import { answerLine, presentReply } from '../../bot/console/chat.js';
import { registry } from '../../commands/registry.js';
const deps = await createTestDeps({ now: process.argv[2] });
for (const cmd of process.argv.slice(3)) {
  const r = await answerLine(cmd, registry, deps);
  console.log(`\n>>> ${cmd}\n` + presentReply(r!, { chartDir: '/tmp/charts', write: () => {} }));
}
