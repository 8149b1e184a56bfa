/**
 * A fake exchange on 127.0.0.1 that ccxt reaches through `proxyUrl`: ccxt requests
 * `proxyUrl + encodeURIComponent(url)` (or `proxyUrl + url` without a query), so the fake decodes
 * the target, routes by host + path and answers in the venue's wire format. It has a settable
 * `now`, counts requests, and can be told to answer 451 / 429 / 500 or to hang.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { binanceRoute } from './exchange/binance.js';
import { bybitRoute } from './exchange/bybit.js';
import { FakeData } from './exchange/data.js';
import { okxRoute } from './exchange/okx.js';

export interface FakeRequest {
  host: string;
  path: string;
  query: URLSearchParams;
}

export type Fault =
  | { kind: 'status'; status: 451 | 429 | 418 | 500 | 503; retryAfterSeconds?: number; times?: number }
  | { kind: 'hang'; times?: number };

interface Rule { host: string; path?: string; fault: Fault; left: number }

const RESTRICTED_BODY = {
  code: 0,
  msg: "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error.",
};

export interface FakeExchange {
  readonly proxyUrl: string;
  now: number;
  readonly requests: FakeRequest[];
  /** Requests seen for a path (optionally only those whose query has `param=value`). */
  count(path: string, where?: Record<string, string>): number;
  /** Apply a fault to a host (and path): `times` answers, forever when omitted. */
  fault(host: string, path: string | undefined, fault: Fault): void;
  clearFaults(): void;
  resetCounts(): void;
  close(): Promise<void>;
}

const unshifted = new FakeData(); // parsed once per worker: the CSVs are read-only

export async function startFakeExchange(now: number, opts: { shiftDays?: number } = {}): Promise<FakeExchange> {
  const data = opts.shiftDays ? new FakeData(opts.shiftDays) : unshifted;
  const requests: FakeRequest[] = [];
  let rules: Rule[] = [];
  const sockets = new Set<Socket>();
  const fake = { now } as FakeExchange;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const raw = (req.url ?? '/').slice(1);
    let target: URL;
    try {
      target = new URL(/^https?:\/\//.test(raw) ? raw : decodeURIComponent(raw));
    } catch {
      return send(res, 400, { msg: `fake exchange: not a proxied URL: ${raw}` });
    }
    const r: FakeRequest = { host: target.host, path: target.pathname, query: target.searchParams };
    requests.push(r);
    const rule = rules.find((x) => x.host === r.host && (x.path === undefined || x.path === r.path) && x.left > 0);
    if (rule) {
      rule.left--;
      if (rule.fault.kind === 'hang') return; // the socket stays open until ccxt's timeout fires
      const { status, retryAfterSeconds } = rule.fault;
      const headers: Record<string, string> = retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {};
      return send(res, status, status === 451 ? RESTRICTED_BODY : { code: -1003, msg: `fake ${status}` }, headers);
    }
    // OKX and Bybit put errors in the body (`code` / `retCode`) and answer them with HTTP 200.
    const other = r.host === 'www.okx.com' ? okxRoute : r.host === 'api.bybit.com' ? bybitRoute : null;
    if (other) {
      const answer = other(data, fake.now, r.host, r.path, r.query);
      if (answer !== undefined) return send(res, 200, answer);
      console.error(`FAKE EXCHANGE: unknown route ${r.host}${r.path}?${r.query}`);
      return send(res, 404, { msg: `fake exchange has no route ${r.host}${r.path}` });
    }
    const body = binanceRoute(data, fake.now, r.host, r.path, r.query);
    if (body === undefined) {
      console.error(`FAKE EXCHANGE: unknown route ${r.host}${r.path}?${r.query}`);
      return send(res, 404, { code: -5, msg: `fake exchange has no route ${r.host}${r.path}` });
    }
    const isError = typeof body === 'object' && body !== null && 'code' in body && 'msg' in body;
    send(res, isError ? 400 : 200, body);
  };

  const server = createServer(handle);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(fake, {
    proxyUrl: `http://127.0.0.1:${port}/`,
    requests,
    count: (path: string, where: Record<string, string> = {}) =>
      requests.filter((r) => r.path === path && Object.entries(where).every(([k, v]) => r.query.get(k) === v)).length,
    fault: (host: string, path: string | undefined, f: Fault) => {
      rules.push({ host, ...(path === undefined ? {} : { path }), fault: f, left: f.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults: () => {
      rules = [];
    },
    resetCounts: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}
