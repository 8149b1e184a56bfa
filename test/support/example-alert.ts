/**
 * Prints a flip alert as the bot writes it, on the fixture market: the watcher checks once a minute
 * while the live basis is scripted from the day's real level to below zero. The README's example
 * alert was made with it:
 *   npx tsx test/support/example-alert.ts 2026-02-05T12:00:00Z -0.0259
 */
import { createAlertWatcher } from '../../bot/alerts/watcher.js';
import { renderConsole } from '../../bot/console/render.js';
import { deserializeReply } from '../../bot/delivery/payloads.js';
import { renderReply as renderTelegram } from '../../bot/telegram/render.js';
import { createFixtureMarket } from './fixtureMarket.js';
import { createTestDeps } from './app.js';
import { parseTelegramHtml } from '../fakes/telegram/html.js';

const [at = '2026-02-05T12:00:00Z', to = '-0.0259'] = process.argv.slice(2);
const base = await createTestDeps({ now: at });
const live: { basis?: number } = {};
const deps = { ...base, market: createFixtureMarket(base.clock, { live: () => live }) };
await deps.store.subscriptions.setAlerts({ platform: 'console', chatId: 'local' }, ['BTC'], 0);
const watcher = createAlertWatcher({ deps, intervalMs: 60_000, cooldownMinutes: 240, platforms: ['console'] });
await watcher.check();
live.basis = Number(to);
let queued: string[] = [];
for (let i = 0; i < 3 && queued.length === 0; i++) {
  deps.clock.advance(60_000);
  queued = (await watcher.check()).queued;
}
for (const key of queued) {
  const row = await deps.store.outbox.get(key);
  const reply = deserializeReply((await deps.store.outbox.getPayload(row!.payloads[0]!))!);
  console.log(renderConsole(reply, 'data/charts/btc-basis.png'));
  const [photo] = renderTelegram(reply);
  if (photo?.kind === 'photo') console.log(`\n--- Telegram caption ---\n${parseTelegramHtml(photo.caption)}`);
}
