/**
 * FAKE of the Bot Framework Connector service (what Teams runs at an activity's `serviceUrl`),
 * for black-box tests of the bot. It implements only the documented calls the bot makes:
 * - POST /v3/conversations/{conversationId}/activities           (Send to conversation)
 * - POST /v3/conversations/{conversationId}/activities/{activityId} (Reply to activity)
 * - PUT  /v3/conversations/{conversationId}/activities/{activityId} (Update activity)
 * - GET  /v3/conversations/{conversationId}/pagedmembers          (Get conversation paged members)
 * following https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
 * Each answers 200/201 with a ResourceResponse `{ id }`. A test may ask it to answer the next
 * updates with 429 and a Retry-After header, as Teams does when a bot sends too fast
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentActivity {
  conversation: string;
  id: string;
  replyTo: string | null;
  activity: Record<string, unknown>;
  at: number;
}

export interface UpdatedActivity {
  conversation: string;
  id: string;
  activity: Record<string, unknown>;
  at: number;
}

export class FakeConnector {
  readonly sent: SentActivity[] = [];
  readonly updates: UpdatedActivity[] = [];
  /** Requests answered 429, for assertions. */
  throttled = 0;
  private throttleNext = 0;
  private retryAfterSeconds = 1;
  private nextId = 1;
  private server: http.Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Answers the next `count` updates with 429 and `Retry-After: seconds`. */
  throttleUpdates(count: number, seconds: number) {
    this.throttleNext = count;
    this.retryAfterSeconds = seconds;
  }

  /** The latest content of a posted activity: its last update, else what was sent. */
  latest(id: string): Record<string, unknown> | undefined {
    const updated = this.updates.filter((u) => u.id === id).at(-1);
    return updated?.activity ?? this.sent.find((s) => s.id === id)?.activity;
  }

  updatesOf(id: string): UpdatedActivity[] {
    return this.updates.filter((u) => u.id === id);
  }

  texts(conversation?: string): string[] {
    return this.sent.filter((s) => !conversation || s.conversation === conversation).map((s) => String(s.activity.text ?? ''));
  }

  cards(conversation?: string): { id: string; card: Record<string, unknown> }[] {
    return this.sent
      .filter((s) => !conversation || s.conversation === conversation)
      .flatMap((s) => {
        const attachments = (s.activity.attachments ?? []) as { contentType: string; content: Record<string, unknown> }[];
        return attachments.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => ({ id: s.id, card: a.content }));
      });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      // v3 conversations {id} activities [{activityId}]
      if (parts[0] !== 'v3' || parts[1] !== 'conversations' || !parts[2]) return reply(404, { error: { code: 'NotFound' } });
      const conversation = parts[2];
      if (req.method === 'GET' && parts[3] === 'pagedmembers') return reply(200, { members: [] });
      if (parts[3] !== 'activities') return reply(404, { error: { code: 'NotFound' } });
      if (req.method === 'POST') {
        const id = `act-${this.nextId++}`;
        this.sent.push({ conversation, id, replyTo: parts[4] ?? null, activity: body, at: Date.now() });
        return reply(201, { id });
      }
      if (req.method === 'PUT' && parts[4]) {
        if (this.throttleNext > 0) {
          this.throttleNext--;
          this.throttled++;
          return reply(429, { error: { code: 'Throttled', message: 'Too many requests' } }, { 'Retry-After': String(this.retryAfterSeconds) });
        }
        if (!this.sent.some((s) => s.id === parts[4])) return reply(404, { error: { code: 'ActivityNotFound' } });
        this.updates.push({ conversation, id: parts[4], activity: body, at: Date.now() });
        return reply(200, { id: parts[4] });
      }
      return reply(405, { error: { code: 'MethodNotAllowed' } });
    });
  }
}
