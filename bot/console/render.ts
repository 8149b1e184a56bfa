/**
 * Reply → plain text for a terminal (and for `--once`, whose stdout scripts read). Pure: the chart
 * is written by the caller, which passes the path it was saved to.
 */
import { tableLines, type Reply } from '../../commands/reply.js';

export function renderConsole(reply: Reply, chartPath?: string): string {
  const out: string[] = [reply.badge ? `${reply.title}  [${reply.badge}]` : reply.title];
  out.push('='.repeat(Math.min(72, out[0]!.length)));
  for (const p of reply.paragraphs) out.push(p, '');
  if (reply.fields.length) {
    for (const f of reply.fields) {
      const [first = '', ...more] = f.value.split('\n');
      out.push(`${f.name}: ${first}`, ...more.map((l) => `  ${l}`));
    }
    out.push('');
  }
  if (reply.table) out.push(...tableLines(reply.table), '');
  if (reply.image && chartPath) out.push(`Chart: ${chartPath}`);
  if (reply.footer) out.push(reply.footer);
  while (out.at(-1) === '') out.pop();
  return out.join('\n');
}
