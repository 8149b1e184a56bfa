/**
 * A fake Coin Metrics API v4 on 127.0.0.1, reached through COINMETRICS_API_BASE (its `base`). It
 * speaks /timeseries/asset-metrics as ../shared/COINMETRICS.md documents it: numbers as strings,
 * `<metric>-status` keys, absent keys for metrics not published for an asset, `null` for days
 * without a value, paging (page_size, paging_from, next_page_token, next_page_url), the error body
 * `{"error":{"type","message"}}` with 400 / 403 / 404 / 429 / 500, and the community rate limit
 * (10 requests per 6 s) with its X-RateLimit-* headers. Day D is published at D+1 02:00 UTC of
 * its settable `now`. Faults can be queued: a status, a slow answer, a hang.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CM_METRICS, type CmMetric } from '../../bot/onchain/parse.js';
import { addDays, dayOf } from '../../core/calendar.js';
import type { Day } from '../../core/types.js';

/** One day as it sits on the wire: a string, null (no value yet), or absent (key left out). */
export interface FakeRow {
  day: Day;
  values: Partial<Record<CmMetric, string | null>>;
}

export type CmFault =
  | { kind: 'status'; status: 400 | 403 | 404 | 414 | 429 | 500 | 502 | 503; resetSeconds?: number; message?: string; times?: number; page?: 'first' | 'next' }
  | { kind: 'slow'; ms: number; times?: number }
  | { kind: 'hang'; times?: number };

export interface FakeCmRequest {
  path: string;
  query: URLSearchParams;
}

export interface FakeCoinMetrics {
  /** The base URL up to and including /v4, as COINMETRICS_API_BASE takes it. */
  readonly base: string;
  now: number;
  readonly requests: FakeCmRequest[];
  /** The largest page served whatever page_size asks (the real one: 10,000). */
  maxPageSize: number;
  setRows(asset: string, rows: FakeRow[]): void;
  /** Metrics that answer 403 for every asset (one refused metric fails the whole request, as on the real API). */
  forbid(metric: CmMetric): void;
  fault(f: CmFault): void;
  /** The rate limiter's clock (default the wall clock); a test that fakes sleeping moves it. */
  limiterNow: () => number;
  count(): number;
  close(): Promise<void>;
}

const BAD_METRICS = new Set(['FlowNetExNtv']); // documented as answering 400

export async function startFakeCoinMetrics(now: number): Promise<FakeCoinMetrics> {
  const series = new Map<string, FakeRow[]>();
  const forbidden = new Set<CmMetric>();
  let faults: (CmFault & { left: number })[] = [];
  const window: number[] = [];
  const sockets = new Set<Socket>();
  const requests: FakeCmRequest[] = [];
  const fake = { now, maxPageSize: 10_000, limiterNow: () => Date.now() } as FakeCoinMetrics;
  let base = '';

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}) =>
    send(res, status, { error: { type, message } }, headers);

  /** The community limit: 10 requests per 6 seconds, as a sliding window. */
  const rateLimit = (): { ok: boolean; headers: Record<string, string> } => {
    const t = fake.limiterNow();
    while (window.length && window[0]! <= t - 6_000) window.shift();
    const ok = window.length < 10;
    if (ok) window.push(t);
    const reset = window.length ? Math.max(1, Math.ceil((window[0]! + 6_000 - t) / 1000)) : 6;
    return { ok, headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': String(Math.max(0, 10 - window.length)), 'x-ratelimit-reset': String(reset) } };
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const r = { path: url.pathname, query: url.searchParams };
    requests.push(r);
    const limit = rateLimit();
    if (!limit.ok) return error(res, 429, 'too_many_requests', 'Requests rate limit exceeded.', limit.headers);
    const isNext = url.searchParams.has('next_page_token');
    const fault = faults.find((f) => f.left > 0 && (f.kind !== 'status' || !f.page || (f.page === 'next') === isNext));
    if (fault) {
      fault.left--;
      if (fault.kind === 'hang') return; // held open until the client's timeout
      if (fault.kind === 'slow') {
        const timer = setTimeout(() => answer(url, res, limit.headers), fault.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      const headers = fault.status === 429 ? { ...limit.headers, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(fault.resetSeconds ?? 6) } : limit.headers;
      const [type, message] = {
        400: ['bad_parameter', fault.message ?? "Bad parameter 'start_time'."],
        403: ['forbidden', fault.message ?? 'Requested resource is not available with supplied credentials.'],
        404: ['not_found', fault.message ?? 'Requested endpoint is not found.'],
        414: ['uri_too_long', fault.message ?? 'Requested URI is too long.'],
        429: ['too_many_requests', 'Requests rate limit exceeded.'],
        500: ['internal_server_error', 'Internal server error.'],
        502: ['bad_gateway', 'Bad gateway.'],
        503: ['service_unavailable', 'Service unavailable.'],
      }[fault.status];
      return error(res, fault.status, type!, message!, headers);
    }
    answer(url, res, limit.headers);
  };

  function answer(url: URL, res: ServerResponse, headers: Record<string, string>) {
    if (url.pathname !== '/v4/timeseries/asset-metrics') return error(res, 404, 'not_found', 'Requested endpoint is not found.', headers);
    const q = url.searchParams;
    const asset = q.get('assets') ?? '';
    const rows = series.get(asset);
    if (!rows) return error(res, 400, 'bad_parameter', `Bad parameter 'assets'. Value '${asset}' is not supported.`, headers);
    const metrics = (q.get('metrics') ?? '').split(',').filter(Boolean);
    for (const m of metrics) {
      if (BAD_METRICS.has(m) || !(CM_METRICS as string[]).includes(m)) {
        return error(res, 400, 'bad_parameter', `Bad parameter 'metrics'. Value '${m}' is not supported.`, headers);
      }
      if (forbidden.has(m as CmMetric)) {
        return error(res, 403, 'forbidden', `Requested metric '${m}' with frequency '1d' for asset '${asset}' is not available with supplied credentials.`, headers);
      }
    }
    if (q.get('frequency') !== '1d') return error(res, 400, 'bad_parameter', "Bad parameter 'frequency'.", headers);
    const pageSize = Number(q.get('page_size') ?? 100);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) return error(res, 400, 'bad_parameter', "Bad parameter 'page_size'.", headers);
    const start = (q.get('start_time') ?? '0000').slice(0, 10);
    const end = (q.get('end_time') ?? '9999').slice(0, 10);
    const published = addDays(dayOf(fake.now - 2 * 3_600_000), -1);
    let days = rows.filter((r) => r.day >= start && r.day <= end && r.day <= published);
    if ((q.get('paging_from') ?? 'end') === 'end') days = [...days].reverse();
    const offset = q.has('next_page_token') ? Number(Buffer.from(q.get('next_page_token')!, 'base64url').toString()) : 0;
    const size = Math.min(pageSize, fake.maxPageSize);
    const page = days.slice(offset, offset + size);
    const data = page.map((r) => {
      const row: Record<string, string | null> = { asset, time: `${r.day}T00:00:00.000000000Z` };
      for (const m of metrics) {
        if (!(m in r.values)) continue; // not published for this asset: the key is left out
        row[m] = r.values[m as CmMetric]!;
        row[`${m}-status`] = r.day >= addDays(published, -1) ? 'flash' : 'reviewed';
      }
      return row;
    });
    const body: Record<string, unknown> = { data };
    if (offset + size < days.length) {
      const token = Buffer.from(String(offset + size)).toString('base64url');
      const next = new URLSearchParams(q);
      next.set('next_page_token', token);
      body['next_page_token'] = token;
      body['next_page_url'] = `${base}/timeseries/asset-metrics?${next}`;
    }
    send(res, 200, body, headers);
  }

  const server = createServer(handle);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v4`;

  return Object.assign(fake, {
    base,
    requests,
    setRows: (asset: string, rows: FakeRow[]) => void series.set(asset, [...rows].sort((a, b) => (a.day < b.day ? -1 : 1))),
    forbid: (m: CmMetric) => void forbidden.add(m),
    fault: (f: CmFault) => void faults.push({ ...f, left: f.times ?? Number.POSITIVE_INFINITY }),
    count: () => requests.length,
    close: () =>
      new Promise<void>((resolve) => {
        faults = [];
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}
