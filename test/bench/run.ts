/**
 * `npm run bench`: prints figures to compare run to run (this machine: 2 cores). Timings are
 * medians of repeated runs; request counts are exact.
 */
import { benchAnalysis } from './analysis.js';
import { benchBroadcast } from './broadcast.js';
import { benchChart } from './chart.js';
import { benchMarket } from './market.js';
import { benchOnChain } from './onchain.js';
import { benchStart } from './start.js';
import { benchStore } from './store.js';

const sections: [string, () => Promise<string[]> | string[]][] = [
  ['Start (npm start on dist/, against the fake Binance, Telegram and Discord on 127.0.0.1)', benchStart],
  ['Exchange requests (fake Binance on 127.0.0.1, real ccxt)', benchMarket],
  ['Store', benchStore],
  ['Signals, regime and note', benchAnalysis],
  ['On-chain (fake Coin Metrics on 127.0.0.1, real provider and fetch)', benchOnChain],
  ['Chart', benchChart],
  ['Broadcast (fake Telegram Bot API and fake Discord on 127.0.0.1, real telegraf and discord.js)', benchBroadcast],
];

console.log(`basisbot bench — node ${process.version}, ${new Date().toISOString()}`);
for (const [title, run] of sections) {
  console.log(`\n${title}`);
  for (const line of await run()) console.log(`  ${line}`);
}
