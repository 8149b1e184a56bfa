/**
 * A Discord gateway speaking the real protocol as @discordjs/ws 1.x uses it: the client connects to
 * `<url>?v=10&encoding=json` (no compression unless zlib-sync is installed), gets HELLO (op 10),
 * sends IDENTIFY (op 2) and gets READY then one GUILD_CREATE per guild; heartbeats (op 1) are ACKed
 * (op 11); RESUME (op 6) is answered with RESUMED. Dispatches carry a rising sequence number.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { guildCreatePayload, readyPayload, shardOf, type FakeIds } from './payloads.js';

export interface GatewayConnection {
  query: URLSearchParams;
  identify: Record<string, unknown> | null;
}

/** Emits 'payload' ({ op, d }) for every payload a client sends. */
export class FakeGateway extends EventEmitter {
  readonly connections: GatewayConnection[] = [];
  /** Every payload a client sent, in order (op and d). */
  readonly received: { op: number; d: unknown }[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  /** The [shard, count] each identified socket asked for (one shard: [0, 1]). */
  private readonly shards = new Map<WebSocket, [number, number]>();
  private seq = 0;
  private sessions = 0;

  constructor(
    private readonly ids: FakeIds,
    private readonly url: () => string,
    private readonly heartbeatIntervalMs = 41_250,
  ) {
    super();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  /** Sends a dispatch (op 0) to every identified client — a guild's event only to the shard it belongs to. */
  dispatch(t: string, d: unknown): void {
    const guild = (d as { guild_id?: string } | null)?.guild_id;
    for (const ws of this.sockets) {
      const [id, count] = this.shards.get(ws) ?? [0, 1];
      if (guild !== undefined && shardOf(guild, count) !== id) continue;
      this.send(ws, { op: 0, t, s: ++this.seq, d });
    }
  }

  get readyClients(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const conn: GatewayConnection = { query: new URL(req.url ?? '/', 'ws://x').searchParams, identify: null };
    this.connections.push(conn);
    ws.on('message', (raw) => this.onMessage(ws, conn, raw.toString()));
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.shards.delete(ws);
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } });
  }

  private onMessage(ws: WebSocket, conn: GatewayConnection, text: string): void {
    const payload = JSON.parse(text) as { op: number; d: any };
    this.received.push(payload);
    this.emit('payload', payload);
    switch (payload.op) {
      case 1: // heartbeat
        this.send(ws, { op: 11 });
        break;
      case 2: {
        // identify
        conn.identify = payload.d;
        this.sockets.add(ws);
        this.sessions += 1;
        const shard = (Array.isArray(payload.d?.shard) ? payload.d.shard : [0, 1]) as [number, number];
        this.shards.set(ws, shard);
        const ready = readyPayload(this.ids, `fake-session-${this.sessions}`, this.url(), shard);
        this.send(ws, { op: 0, t: 'READY', s: ++this.seq, d: ready });
        if (ready.guilds.length) this.send(ws, { op: 0, t: 'GUILD_CREATE', s: ++this.seq, d: guildCreatePayload(this.ids) });
        break;
      }
      case 6: // resume
        this.sockets.add(ws);
        this.send(ws, { op: 0, t: 'RESUMED', s: ++this.seq, d: {} });
        break;
      default:
        break;
    }
  }

  private send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  }
}
