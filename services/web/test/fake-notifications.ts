import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { notifications, type RouteContract } from '@trygg/http-contracts';
import { checkedAnswer, routeMatching } from './contract-check';

/**
 * TEST ONLY: an in-memory stand-in for the notifications service's internal preferences API (and, in small, the
 * mobile number's confirmation by code)
 * (services/notifications/README.md: the web's bearer secret and `x-internal-caller: web`), so the "Dina utskick" pages and their browser tests run
 * without the real service. Every answer is parsed with notifications' contract (`@trygg/http-contracts`, see
 * contract-check.ts), so the fake cannot drift from the real API unnoticed.
 */
type Category = 'urgent' | 'information' | 'reminders' | 'transactional';

export interface FakeRecipient {
  municipalityId: string;
  language: 'sv' | 'en';
  preferences: { channels: { email: boolean; sms: boolean }; categories: { urgent: boolean; information: boolean; reminders: boolean } };
  available: { email: boolean; sms: boolean };
  mobile: 'none' | 'unconfirmed' | 'confirmed';
  updatedAt: string | null;
}

export class FakeNotifications {
  private server: Server | undefined;
  readonly recipients = new Map<string, FakeRecipient>();
  private readonly links = new Map<string, { recipientId: string; category: Category }>();

  constructor(
    private readonly port: number,
    private readonly internalToken: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer(
      (req, res) =>
        void this.handle(req, res).catch((error: Error) => {
          console.error(error.message);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 500, error: 'internal' }));
        }),
    );
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    // Keep-alive connections (the web's, another fake's forwarding fetch) would hold close() open: end them too.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A recipient (everything on) and the token of an unsubscribe link from a message of `category`. */
  seed(recipientId: string, options: { municipalityId?: string; category?: Category; sms?: boolean; mobile?: FakeRecipient['mobile'] } = {}): string {
    if (!this.recipients.has(recipientId)) {
      this.recipients.set(recipientId, {
        municipalityId: options.municipalityId ?? 'ale',
        language: 'sv',
        preferences: { channels: { email: true, sms: true }, categories: { urgent: true, information: true, reminders: true } },
        available: { email: true, sms: options.sms ?? false },
        mobile: options.mobile ?? (options.sms ? 'confirmed' : 'none'),
        updatedAt: null,
      });
    }
    const token = randomBytes(32).toString('base64url');
    this.links.set(token, { recipientId, category: options.category ?? 'information' });
    return token;
  }

  /** The contract route of each request being answered (for `json`). */
  private readonly routes = new WeakMap<ServerResponse, RouteContract>();

  private json(res: ServerResponse, status: number, body: unknown): void {
    const answer = checkedAnswer(this.routes.get(res), status, body);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  private view(recipient: FakeRecipient, linkCategory: Category | null) {
    return { municipalityId: recipient.municipalityId, language: recipient.language, linkCategory, preferences: recipient.preferences, available: recipient.available, mobile: recipient.mobile, updatedAt: recipient.updatedAt };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = routeMatching(notifications.notificationsRoutes, req.method, new URL(req.url ?? '/', this.url).pathname);
    if (route) this.routes.set(res, route);
    if (req.headers['authorization'] !== `Bearer ${this.internalToken}` || req.headers['x-internal-caller'] !== 'web') return this.json(res, 401, { error: 'unauthenticated' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const byLink = /^\/internal\/preferences\/([^/]+)$/.exec(url.pathname);
    const byPerson = /^\/internal\/recipients\/([^/]+)\/(preferences|mobile-code|mobile-confirmation)$/.exec(url.pathname);
    let recipientId: string | undefined;
    let linkCategory: Category | null = null;
    if (byLink) {
      const link = this.links.get(decodeURIComponent(byLink[1]!));
      recipientId = link?.recipientId;
      linkCategory = link?.category ?? null;
    } else if (byPerson) {
      recipientId = decodeURIComponent(byPerson[1]!);
    } else {
      return this.json(res, 404, { error: 'not_found' });
    }
    const recipient = recipientId ? this.recipients.get(recipientId) : undefined;
    if (!recipient || (byPerson && url.searchParams.get('municipalityId') !== recipient.municipalityId)) return this.json(res, 404, { error: 'not_found' });
    // "Bekräfta ditt mobilnummer" in small: every code is sent, the right one is 246810.
    if (byPerson?.[2] === 'mobile-code') {
      if (recipient.mobile !== 'unconfirmed') return this.json(res, 200, { sent: false, reason: recipient.mobile === 'none' ? 'no-mobile' : 'already-confirmed' });
      return this.json(res, 200, { sent: true, expiresAt: new Date(Date.now() + 600_000).toISOString() });
    }
    if (byPerson?.[2] === 'mobile-confirmation') {
      const { code } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code: string };
      if (code !== '246810') return this.json(res, 200, { outcome: 'wrong', attemptsLeft: 4 });
      recipient.mobile = 'confirmed';
      recipient.available = { ...recipient.available, sms: true };
      return this.json(res, 200, { outcome: 'confirmed', attemptsLeft: 0 });
    }
    if (req.method === 'PUT') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeRecipient['preferences'];
      recipient.preferences = { channels: { ...body.channels }, categories: { ...body.categories } };
      recipient.updatedAt = new Date().toISOString();
    }
    return this.json(res, 200, this.view(recipient, linkCategory));
  }
}
