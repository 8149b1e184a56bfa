/**
 * /track end to end in the console chat: subscribing at the prompt, the brief printed by the console
 * messenger through the real scheduler and sender — which records its call — and /track at the
 * prompt two months later, as text.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerLine, createConsoleMessenger, presentReply } from '../../bot/console/chat.js';
import { createSender } from '../../bot/delivery/sender.js';
import { createBriefScheduler } from '../../bot/scheduler/briefs.js';
import { buildBrief } from '../../commands/brief.js';
import { registry } from '../../commands/registry.js';
import { createTestDeps } from '../support/app.js';

describe('/track in the console', () => {
  it('GIVEN a console brief delivered on 1 December 2025 THEN /track prints that call with what spot did since', async () => {
    const deps = await createTestDeps({ now: '2025-12-01T07:00:00Z' });
    const printed: string[] = [];
    const io = { chartDir: mkdtempSync(join(tmpdir(), 'basisbot-track-')), write: (t: string) => void printed.push(t) };
    const prompt = async (line: string) => presentReply((await answerLine(line, registry, deps))!, io);

    expect(await prompt('track')).toContain('No BTC call has been published yet');
    expect(await prompt('/subscribe brief 08:00 UTC BTC')).toContain('Daily brief scheduled');
    const sender = createSender({ store: deps.store, messengers: { console: createConsoleMessenger(io) }, clock: deps.clock, logger: deps.logger });
    const scheduler = createBriefScheduler({ store: deps.store, platforms: ['console'], produceBrief: (a) => buildBrief(a, deps), clock: deps.clock, logger: deps.logger });
    deps.clock.set('2025-12-01T08:00:00Z');
    await scheduler.tick();
    await sender.drain();
    expect(printed, 'the brief was printed at the prompt').toHaveLength(1);
    const [, label, stated, cases] = /\[(Bullish|Neutral|Bearish) · (\d+)% hit rate, (?:only )?(\d+) cases?\]/.exec(printed[0]!)!;

    deps.clock.set('2026-02-01T09:00:00Z');
    const text = await prompt('/track');
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['BTC track record', '================']);
    expect(text).toContain('1 BTC call published since 1 December 2025 (1 brief, 0 alerts).');
    // The brief quoted the 30 November close (90,360.00); 30 December closed at 88,485.49: −2.1%.
    const held = label === 'Bullish' ? 'missed' : 'held';
    expect(lines.find((l) => l.startsWith('Published')), 'the columns, padded as a table').toMatch(/^Published {3}Kind {3}Call +Stated +Basis +Spot +Since {2}30 days later$/);
    expect(lines.find((l) => l.startsWith('2025-12-01'))).toMatch(new RegExp(`^2025-12-01  brief  ${label} +${stated}% \\(${cases}\\) +[+−]\\d+\\.\\d\\d% +90,360 +[+−]\\d+\\.\\d% +−2\\.1% ${held}$`));
  });
});
