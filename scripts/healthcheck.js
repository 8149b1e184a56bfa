#!/usr/bin/env node
/**
 * The container's HEALTHCHECK: exit 0 when /healthz on HEALTH_PORT answers 200, 1 otherwise (503, no
 * answer within 4 s, or no HEALTH_PORT). Slim images have no curl; Node is already there.
 */
const port = process.env.HEALTH_PORT;
if (!port) {
  process.stderr.write('healthcheck: HEALTH_PORT is not set\n');
  process.exit(1);
}
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
  const body = await res.text();
  process.stdout.write(`${res.status} ${body.slice(0, 500)}\n`);
  process.exit(res.status === 200 ? 0 : 1);
} catch (err) {
  process.stderr.write(`healthcheck: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
