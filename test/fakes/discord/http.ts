/**
 * Reading a request the way Discord does: a JSON body, or multipart/form-data with the JSON in
 * `payload_json` and the uploads in `files[n]`. Node's own Request parses the multipart body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RecordedFile {
  field: string;
  name: string;
  size: number;
  contentType: string;
}

export interface RecordedRequest {
  method: string;
  /** Path after the API base and version, e.g. '/channels/123/messages'. */
  path: string;
  query: URLSearchParams;
  /** The JSON body, or the parsed payload_json of a multipart body; null when there was none. */
  json: any;
  files: RecordedFile[];
  /** Raw bytes of each uploaded file, by field name. */
  fileBytes: Map<string, Uint8Array>;
  authorization: string | undefined;
  /** The status the fake answered with, once it has. */
  status?: number;
}

export async function readRequest(req: IncomingMessage, path: string, query: URLSearchParams): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  const recorded: RecordedRequest = {
    method: req.method ?? 'GET',
    path,
    query,
    json: null,
    files: [],
    fileBytes: new Map(),
    authorization: req.headers.authorization,
  };
  if (raw.length === 0) return recorded;
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake.local/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') recorded.json = JSON.parse(value);
        continue;
      }
      const bytes = new Uint8Array(await value.arrayBuffer());
      recorded.files.push({ field, name: value.name, size: bytes.byteLength, contentType: value.type });
      recorded.fileBytes.set(field, bytes);
    }
  } else {
    recorded.json = JSON.parse(raw.toString('utf8'));
  }
  return recorded;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
}

/** A scripted failure, answered in Discord's error shapes. */
export interface Failure {
  status: number;
  /** Discord JSON error code, e.g. 50001; 0 when Discord gives none (plain 5xx). */
  code?: number;
  message?: string;
  /** Seconds, for 429. */
  retryAfter?: number;
}

export function sendFailure(res: ServerResponse, f: Failure): void {
  if (f.status === 429) {
    const retryAfter = f.retryAfter ?? 1;
    sendJson(
      res,
      429,
      { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
      { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' },
    );
    return;
  }
  if (f.status >= 500) {
    sendJson(res, f.status, { message: f.message ?? 'Internal Server Error', code: 0 });
    return;
  }
  sendJson(res, f.status, { message: f.message ?? 'Error', code: f.code ?? 0 });
}
