/**
 * Lines of Telegram HTML and how they are packed into messages. A line is styled runs of plain
 * text; escaping happens once, here, when a line becomes HTML. Only <pre> spans several lines, and
 * it is closed at the end of every message and reopened in the next.
 */

/** HTML mode needs only these three escaped (quotes matter only inside attributes, which we never fill). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export type Style = 'b' | 'i' | null;
export interface Run {
  style: Style;
  text: string; // plain text
}
/** One output line: inline runs, or a line of a preformatted block. */
export interface Line {
  pre: boolean;
  runs: Run[];
}

/** Below this much room, an over-long line starts a fresh message instead of being cut to fit. */
const MIN_CUT = 200;

const visible = (line: Line): number => line.runs.reduce((n, r) => n + r.text.length, 0);
const isBlank = (line: Line): boolean => !line.pre && visible(line) === 0;
const hasText = (line: Line): boolean => line.runs.some((r) => r.text.trim() !== '');

/**
 * Greedy packing of whole lines: the first message gets `firstBudget` visible characters, the
 * others `budget`. Only a line longer than a whole message is cut (at a space when there is one).
 * A blank line left at the cut is dropped (Telegram trims it anyway); a part with no text but
 * whitespace is '' (the caller drops it, or sends it as an empty caption).
 */
export function pack(lines: Line[], firstBudget: number, budget: number): string[] {
  const out: string[] = [];
  let current: Line[] = [];
  let used = 0;
  const cap = () => (out.length === 0 ? firstBudget : budget);
  const flush = () => {
    const kept = trimBlank(current);
    // Telegram refuses a message of whitespace alone. The first part stays, as '', since it may be a caption.
    const html = kept.some(hasText) ? toHtml(kept) : '';
    if (html !== '' || out.length === 0) out.push(html);
    current = [];
    used = 0;
  };
  const queue = [...lines];
  while (queue.length > 0) {
    const line = queue.shift()!;
    if (current.length === 0 && isBlank(line)) continue; // no leading blank lines
    const sep = current.length > 0 ? 1 : 0;
    const room = cap() - used - sep;
    if (visible(line) <= room) {
      current.push(line);
      used += visible(line) + sep;
    } else if (visible(line) > budget && (current.length === 0 || room >= MIN_CUT)) {
      // Fits no message whole: fill this one rather than leave a title alone above it.
      const [head, tail] = cut(line, current.length === 0 ? cap() : room);
      current.push(head);
      flush();
      queue.unshift(tail);
    } else {
      flush();
      queue.unshift(line);
    }
  }
  flush();
  return out;
}

function trimBlank(lines: Line[]): Line[] {
  let end = lines.length;
  while (end > 0 && isBlank(lines[end - 1]!)) end--;
  return lines.slice(0, end);
}

/** Split a line so that the head shows at most `max` characters, preferring the last space. */
function cut(line: Line, max: number): [Line, Line] {
  const head: Run[] = [];
  const tail: Run[] = [];
  let room = max;
  for (const run of line.runs) {
    if (room <= 0) tail.push(run);
    else if (run.text.length <= room) {
      head.push(run);
      room -= run.text.length;
    } else {
      let at = room;
      const space = run.text.lastIndexOf(' ', room);
      if (!line.pre && space > room / 2) at = space;
      // Never cut a UTF-16 surrogate pair in half.
      if (/[\uD800-\uDBFF]/.test(run.text.charAt(at - 1))) at -= 1;
      head.push({ style: run.style, text: run.text.slice(0, at) });
      tail.push({ style: run.style, text: line.pre ? run.text.slice(at) : run.text.slice(at).replace(/^ /, '') });
      room = 0;
    }
  }
  return [
    { pre: line.pre, runs: head },
    { pre: line.pre, runs: tail },
  ];
}

function runHtml(run: Run): string {
  const text = escapeHtml(run.text);
  return run.style ? `<${run.style}>${text}</${run.style}>` : text;
}

/** Consecutive preformatted lines share one <pre> block; everything else is one line of inline tags. */
function toHtml(lines: Line[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!lines[i]!.pre) {
      parts.push(lines[i]!.runs.map(runHtml).join(''));
      i++;
      continue;
    }
    const block: string[] = [];
    while (i < lines.length && lines[i]!.pre) block.push(lines[i++]!.runs.map(runHtml).join(''));
    parts.push(`<pre>${block.join('\n')}</pre>`);
  }
  return parts.join('\n');
}
