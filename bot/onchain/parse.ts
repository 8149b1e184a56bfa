/**
 * Coin Metrics' wire format, read by pure functions: a page of /timeseries/asset-metrics and an
 * error body. Numbers arrive as strings; a metric key absent from a row means the metric is not
 * published for the asset, `null` that the day has no value yet. Anything else is a format error.
 */
import type { Day, ExchangeMetric } from '../../core/types.js';

/** The Coin Metrics metric behind each field of an ExchangeDay (all free on the community API). */
export const METRIC_OF: Readonly<Record<ExchangeMetric, CmMetric>> = {
  flowInNtv: 'FlowInExNtv',
  flowOutNtv: 'FlowOutExNtv',
  flowInUsd: 'FlowInExUSD',
  flowOutUsd: 'FlowOutExUSD',
  supplyNtv: 'SplyExNtv',
};

export type CmMetric = 'FlowInExNtv' | 'FlowOutExNtv' | 'FlowInExUSD' | 'FlowOutExUSD' | 'SplyExNtv';

export const CM_METRICS = Object.values(METRIC_OF);

export interface MetricRow {
  day: Day;
  /** Only the metrics present in the row: a number, or null for "no value yet". */
  values: Partial<Record<CmMetric, number | null>>;
}

export interface Page {
  rows: MetricRow[];
  nextPageUrl: string | null;
}

export class CoinMetricsFormatError extends Error {
  override name = 'CoinMetricsFormatError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const DAY_TIME = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?Z$/;

function number(v: unknown, where: string): number | null {
  if (v === null) return null;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : Number.NaN;
  if (!Number.isFinite(n)) throw new CoinMetricsFormatError(`${where}: not a number: ${JSON.stringify(v)?.slice(0, 40)}`);
  return n;
}

/** One page for `asset` (lower case, as sent). Rows of other assets or times that are not a day's start are errors. */
export function parsePage(body: unknown, asset: string, metrics: readonly CmMetric[]): Page {
  if (!isObject(body) || !Array.isArray(body['data'])) throw new CoinMetricsFormatError('response has no data array');
  const rows = body['data'].map((raw, i): MetricRow => {
    if (!isObject(raw)) throw new CoinMetricsFormatError(`data[${i}] is not an object`);
    if (raw['asset'] !== asset) throw new CoinMetricsFormatError(`data[${i}] is for asset ${String(raw['asset'])}, not ${asset}`);
    const day = typeof raw['time'] === 'string' ? DAY_TIME.exec(raw['time'])?.[1] : undefined;
    if (!day) throw new CoinMetricsFormatError(`data[${i}] time is not the start of a UTC day: ${String(raw['time'])}`);
    const values: MetricRow['values'] = {};
    for (const m of metrics) if (m in raw) values[m] = number(raw[m], `data[${i}].${m}`);
    return { day, values };
  });
  const next = body['next_page_url'];
  if (next !== undefined && next !== null && typeof next !== 'string') throw new CoinMetricsFormatError('next_page_url is not a string');
  return { rows, nextPageUrl: typeof next === 'string' && next !== '' ? next : null };
}

/** `{"error":{"type":"forbidden","message":"…"}}`, or null when the body is not that shape. */
export function parseErrorBody(body: unknown): { type: string; message: string } | null {
  if (!isObject(body) || !isObject(body['error'])) return null;
  const { type, message } = body['error'];
  return { type: typeof type === 'string' ? type : 'unknown', message: typeof message === 'string' ? message : '' };
}

/** The metric a 403 names: "Requested metric 'FlowInExUSD' with frequency '1d' for asset 'btc' is not available …". */
export function forbiddenMetric(message: string): CmMetric | null {
  const m = /metric '([A-Za-z]+)'/.exec(message)?.[1];
  return m && (CM_METRICS as string[]).includes(m) ? (m as CmMetric) : null;
}
