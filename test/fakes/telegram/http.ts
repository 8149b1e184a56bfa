/**
 * The wire around a Bot API call: the request body (JSON or multipart) and the JSON answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMultipart, type FormFile } from './multipart.js';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseBody(body: Buffer, contentType: string): { params: Record<string, unknown>; files: Record<string, FormFile> } {
  if (contentType.startsWith('multipart/form-data')) {
    const form = parseMultipart(body, contentType);
    return { params: form.fields, files: form.files };
  }
  if (body.length === 0) return { params: {}, files: {} };
  return { params: JSON.parse(body.toString('utf8')) as Record<string, unknown>, files: {} };
}

export function send(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}
