/**
 * The start command as `npm start` runs it (scripts/start.js): dist/ when it is built and current,
 * else the sources through tsx. Tests spawn `process.execPath` with these arguments.
 */
import { fileURLToPath } from 'node:url';

export const START_SCRIPT = fileURLToPath(new URL('../../scripts/start.js', import.meta.url));

export const startArgs = (...args: string[]): string[] => [START_SCRIPT, ...args];
