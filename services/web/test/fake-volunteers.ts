import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { safetyRounds, volunteers } from '@trygg/http-contracts';
import { checkedAnswer, routeMatching } from './contract-check';

interface FakeWalker {
  /** The key notifications files the walker's contact details under. */
  personId: string;
  municipalityId: string;
  name: string;
  email: string;
  mobile: string | null;
  smsOptIn: boolean;
  birthYear: number;
  language: 'sv' | 'en';
  confirmed: boolean;
  /** The link's token (the real service mails it through notifications and keeps only its hash). */
  token: string;
  tokenUsed: boolean;
}

/**
 * TEST ONLY: an in-memory stand-in for volunteers' walker sign-up (`POST /volunteers`) and its confirmation
 * (`POST /volunteers/confirmations`), for the walker pages' browser tests. Validates the sign-up with the
 * contract's own schema and answers through volunteers' contract (contract-check.ts). `tokenFor(email)` is the link
 * the confirmation email would carry. services/volunteers/test holds the real service's tests.
 */
export class FakeVolunteers {
  private server: Server | undefined;
  readonly walkers = new Map<string, FakeWalker>();
  /** Every sign-up the fake was sent (a honeypot hit or a refused CSRF token must not reach it). */
  readonly posts: unknown[] = [];

  constructor(private readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  tokenFor(email: string): string {
    const walker = this.walkers.get(email.toLowerCase());
    if (!walker) throw new Error(`no sign-up for ${email}`);
    return walker.token;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) =>
      void this.handle(req, res).catch((error: Error) => {
        console.error(error.message);
        if (!res.headersSent) res.writeHead(500).end();
      }),
    );
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const route = routeMatching([...volunteers.volunteersRoutes, ...safetyRounds.safetyRoundRoutes], req.method, path);
    const send = (status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(checkedAnswer(route, status, body)));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (route === volunteers.signUp) {
      this.posts.push(body);
      const input = volunteers.signUpInput.safeParse(body);
      if (!input.success) return send(400, { error: 'validation_failed', fields: input.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })) });
      const v = input.data;
      // The same address again: the same answer; an unconfirmed sign-up keeps its link.
      if (!this.walkers.has(v.email.toLowerCase())) {
        this.walkers.set(v.email.toLowerCase(), {
          personId: randomUUID(),
          municipalityId: v.municipalityId,
          name: v.name,
          email: v.email.toLowerCase(),
          mobile: v.mobile,
          smsOptIn: v.smsOptIn,
          birthYear: v.birthYear,
          language: v.language,
          confirmed: false,
          token: randomBytes(32).toString('base64url'),
          tokenUsed: false,
        });
      }
      return send(202, { status: 'submitted' });
    }
    if (route === volunteers.confirmSignUp) {
      const input = volunteers.confirmInput.safeParse(body);
      if (!input.success) return send(400, { error: 'validation_failed', fields: [] });
      const walker = [...this.walkers.values()].find((w) => w.token === input.data.token && w.municipalityId === input.data.municipalityId);
      if (!walker) return send(404, { error: 'token_invalid' });
      if (walker.tokenUsed) return send(410, { error: 'token_used' });
      walker.tokenUsed = true;
      walker.confirmed = true;
      return send(200, { status: 'confirmed', language: walker.language, personId: walker.personId, mobileToConfirm: walker.mobile !== null && walker.smsOptIn });
    }
    // Safety rounds (the round pages' own tests run against the real service: test/rounds-pages.int-spec.ts): no
    // rounds, a valid plan is accepted, every round, link and protocol is unknown.
    if (route === safetyRounds.listRounds) return send(200, { rounds: [] });
    if (route === safetyRounds.planRound) {
      const input = safetyRounds.planRoundInput.safeParse(body);
      if (!input.success) return send(400, { error: 'validation_failed', fields: input.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })) });
      return send(201, { roundId: randomUUID() });
    }
    if (route && safetyRounds.safetyRoundRoutes.some((r) => r === route) && route.path.startsWith('/round-links/')) return send(404, { error: 'token_invalid' });
    return send(404, { error: 'not_found' });
  }
}
