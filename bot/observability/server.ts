/**
 * The HTTP server on HEALTH_PORT: `GET /healthz` (200 or 503, JSON) and `GET /metrics` (Prometheus
 * text). Nothing else is served; nothing here changes the bot's state.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../listen.js';
import type { Logger } from '../../core/ports.js';
import { describeError } from '../../commands/dispatch.js';
import type { Health } from './health.js';
import type { PromMetrics } from './metrics.js';

export interface HealthServerOptions {
  port: number;
  /** Default: every interface (a container's health check and a Prometheus scrape both reach it). */
  host?: string;
  health: Health;
  metrics: PromMetrics;
  logger: Logger;
  /** Scrubs secrets from what is served (the logger's redaction). */
  redact: (text: string) => string;
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(o: HealthServerOptions): Promise<HealthServer> {
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(o.redact(body));
  };

  async function healthz(res: ServerResponse): Promise<void> {
    const report = await o.health.check();
    const body = { status: report.ok ? 'ok' : 'failing', ...(report.ok ? {} : { failing: report.failing }), leader: o.metrics.isLeader(), parts: report.parts };
    send(res, report.ok ? 200 : 503, 'application/json; charset=utf-8', JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    try {
      if (path === '/healthz') return await healthz(res);
      if (path === '/metrics') return send(res, 200, o.metrics.contentType, await o.metrics.scrape());
      send(res, 404, 'text/plain', 'not found: try /healthz or /metrics\n');
    } catch (err) {
      o.logger.error('health server: request failed', { path, err: describeError(err) });
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
    }
  }

  const listening = await listen(createServer((req, res) => void handle(req, res)), o.port, o.host);
  o.logger.info('health and metrics served', { port: listening.port, paths: ['/healthz', '/metrics'] });
  return listening;
}
