/**
 * The console chat: the same commands as the chat platforms, typed at a prompt. It is also a
 * Messenger, so a console subscription prints its daily brief here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { answerCommand, parseCommandText } from '../../commands/dispatch.js';
import type { Reply } from '../../commands/reply.js';
import type { Command, CommandContext, CommandDeps } from '../../commands/types.js';
import type { Destination } from '../../core/ports.js';
import type { Messenger } from '../messenger.js';
import { renderConsole } from './render.js';

export const CONSOLE_DESTINATION: Destination = { platform: 'console', chatId: 'local' };

export interface ConsoleIO {
  chartDir: string;
  write: (text: string) => void;
}

export function consoleContext(now: number): CommandContext {
  // 'local' is passed like any platform's user id; the dispatcher exempts the console from the rate limit.
  return { destination: CONSOLE_DESTINATION, chatKind: 'private', isAdmin: async () => true, now, userId: 'local' };
}

/** Saves the chart (if any) and renders the reply as text. */
export function presentReply(reply: Reply, io: ConsoleIO): string {
  let chartPath: string | undefined;
  if (reply.image) {
    mkdirSync(io.chartDir, { recursive: true });
    chartPath = resolve(join(io.chartDir, reply.image.filename));
    writeFileSync(chartPath, reply.image.png);
  }
  return renderConsole(reply, chartPath);
}

export async function answerLine(text: string, registry: readonly Command<any>[], deps: CommandDeps): Promise<Reply | null> {
  const inv = parseCommandText(text.startsWith('/') ? text : `/${text}`);
  if (!inv) return null;
  return answerCommand(registry, inv, consoleContext(deps.clock.now()), deps);
}

export function createConsoleMessenger(io: ConsoleIO): Messenger {
  return {
    platform: 'console',
    parts: () => 1,
    async send(_dest, reply, opts = {}) {
      if ((opts.fromPart ?? 0) === 0) io.write(`\n${presentReply(reply, io)}\n`);
      return { ok: true, partsSent: 1, messageIds: [] };
    },
  };
}

/** Runs the prompt until the input ends (Ctrl-D) or the returned stop() is called. */
export function startConsoleChat(
  registry: readonly Command<any>[],
  deps: CommandDeps,
  io: ConsoleIO,
): { closed: Promise<void>; stop: () => void; linesRead: () => number } {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'basisbot> ' });
  io.write('basisbot console — type /help, /basis, /brief ETH … (Ctrl-D to quit)\n');
  rl.prompt();
  let queue = Promise.resolve();
  let lines = 0;
  rl.on('line', (line) => {
    lines++;
    const text = line.trim();
    if (!text) return rl.prompt();
    // Answers keep the order they were asked in, even when one waits on the exchange.
    queue = queue.then(async () => {
      const reply = await answerLine(text, registry, deps);
      io.write(reply ? `${presentReply(reply, io)}\n` : 'Commands start with /, e.g. /help\n');
      rl.prompt();
    });
  });
  const closed = new Promise<void>((res) => rl.on('close', () => void queue.then(() => res(io.write('\n')))));
  return { closed, stop: () => rl.close(), linesRead: () => lines };
}
