/**
 * A minimal multipart/form-data reader (RFC 7578) — enough for what telegraf sends: text fields
 * and file parts with a filename. Kept byte-exact so tests can compare uploaded PNGs.
 */
export interface FormFile {
  filename: string;
  bytes: Buffer;
}

export interface FormData {
  fields: Record<string, string>;
  files: Record<string, FormFile>;
}

export function parseMultipart(body: Buffer, contentType: string): FormData {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const out: FormData = { fields: {}, files: {} };
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break; // closing delimiter
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) throw new Error('multipart body is not terminated');
    // A part is: CRLF headers CRLF CRLF content CRLF (then the next delimiter).
    const part = body.subarray(afterDelimiter + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) throw new Error('multipart part without headers');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) throw new Error('multipart part without a name');
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (filename !== undefined) out.files[name] = { filename, bytes: Buffer.from(content) };
    else out.fields[name] = content.toString('utf8');
    start = next;
  }
  return out;
}
