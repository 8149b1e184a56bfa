/**
 * The fake Binance and the fake Telegram Bot API on 127.0.0.1, for running the real bot outside
 * the test runner (scripts/docker-check.sh runs the image against them). Prints one JSON line —
 * {"exchangeProxyUrl", "telegramApiRoot", "telegramToken"} — and serves until SIGTERM
 * or SIGINT. The exchange's clock follows the wall clock, so quotes stay fresh for /healthz.
 */
import { DAY_MS } from '../../core/calendar.js';
import { startFakeExchange } from '../fakes/fakeExchange.js';
import { FakeTelegram } from '../fakes/fakeTelegram.js';

const LAST_FUTURES_DAY = Date.parse('2026-07-31T00:00:00Z'); // as test/cli/once.test.ts: whole weeks, so quarterlies stay true

const now = Date.now();
const exchange = await startFakeExchange(now, { shiftDays: Math.ceil((now - LAST_FUTURES_DAY) / DAY_MS / 7) * 7 });
const telegram = await FakeTelegram.start({ record: false });
const tick = setInterval(() => (exchange.now = Date.now()), 1000);
process.stdout.write(JSON.stringify({ exchangeProxyUrl: exchange.proxyUrl, telegramApiRoot: telegram.apiRoot, telegramToken: telegram.token }) + '\n');

const stop = async () => {
  clearInterval(tick);
  await Promise.allSettled([telegram.close(), exchange.close()]);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
