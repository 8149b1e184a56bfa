/**
 * An alert as a reply model: the headline as the title, its two or three lines, the source line as
 * the footer. Each adapter renders it like any reply (Discord: an embed in the tone colours;
 * Telegram: the chart as a photo with the alert as its caption). The label and confidence are in
 * the lines already, so the title carries no badge.
 */
import type { AlertMessage } from '../../core/alerts/index.js';
import type { MarketSnapshot } from '../../core/types.js';
import { sourceLine } from '../../commands/basis.js';
import type { Reply } from '../../commands/reply.js';

export function alertReply(message: AlertMessage, snapshot: MarketSnapshot): Reply {
  return {
    title: message.headline,
    tone: message.tone,
    paragraphs: message.lines,
    fields: [],
    footer: `${sourceLine(snapshot)} · /alerts to tune`,
  };
}
