/**
 * The explicit list of commands. /help, Discord's slash-command JSON and Telegram's setMyCommands
 * are all generated from it.
 */
import { alertsCommand } from './alerts.js';
import { basisCommand } from './basis.js';
import { briefCommand } from './brief.js';
import { createHelpCommand } from './help.js';
import { settingsCommand } from './settings.js';
import { startCommand } from './start.js';
import { subscribeCommand } from './subscribe.js';
import { trackCommand } from './track.js';
import type { Command } from './types.js';
import { unsubscribeCommand } from './unsubscribe.js';

export const registry: readonly Command<any>[] = [
  basisCommand,
  briefCommand,
  trackCommand,
  subscribeCommand,
  unsubscribeCommand,
  alertsCommand,
  settingsCommand,
  createHelpCommand(() => registry),
  startCommand,
];
