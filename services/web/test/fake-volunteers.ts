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
  organisationId: string | null;
  spokenLanguages: string[];
  otherLanguages: string | null;
  availability: string[];
  /** What the coordinator's list shows: onboarding until `decided`, and the step waited at (`waitsAt`). */
  status: 'onboarding' | 'active' | 'rejected' | 'withdrawn';
  step: { stepId: string; stepType: string; since: string } | null;
  /** The link's token (the real service mails it through notifications and keeps only its hash). */
  token: string;
  tokenUsed: boolean;
}

/**
 * TEST ONLY: an in-memory stand-in for volunteers' walker sign-up (`POST /volunteers`) and its confirmation
 * (`POST /volunteers/confirmations`), for the walker pages' browser tests. Validates the sign-up with the
 * contract's own schema and answers through volunteers' contract (contract-check.ts). `tokenFor(email)` is the link
 * the confirmation email would carry. The coordinator's list (`GET /staff/:m/volunteers`) shows the confirmed walkers
 * of the municipality, with the step set by `waitsAt` (the real service learns it from onboarding's events).
 * services/volunteers/test holds the real service's tests.
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

  /** The confirmed walker now waits at this onboarding step (as onboarding.step-requested.v1 would tell volunteers). */
  waitsAt(email: string, stepId: string, stepType: string, since: string): void {
    const walker = this.walkers.get(email.toLowerCase());
    if (!walker) throw new Error(`no sign-up for ${email}`);
    walker.step = { stepId, stepType, since };
  }

  /** The walker's onboarding ended (onboarding.completed.v1). */
  decided(email: string, status: 'active' | 'rejected' | 'withdrawn'): void {
    const walker = this.walkers.get(email.toLowerCase());
    if (!walker) throw new Error(`no sign-up for ${email}`);
    walker.status = status;
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
          organisationId: v.organisationId,
          spokenLanguages: v.spokenLanguages,
          otherLanguages: v.otherLanguages,
          availability: v.availability,
          status: 'onboarding',
          step: null,
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
    if (route === volunteers.listVolunteers) {
      if (!/^Bearer \S+$/.test(String(req.headers.authorization ?? ''))) return send(401, { error: 'unauthorised' });
      const m = decodeURIComponent(path.split('/')[2] ?? '');
      const listed = [...this.walkers.values()]
        .filter((w) => w.municipalityId === m && w.confirmed)
        .map((w) => ({
          volunteerId: w.personId,
          name: w.name,
          organisationId: w.organisationId,
          status: w.status,
          spokenLanguages: w.spokenLanguages,
          otherLanguages: w.otherLanguages,
          availability: w.availability,
          signedUpAt: '2026-11-20T10:00:00.000Z',
          decidedAt: w.status === 'onboarding' ? null : '2026-11-25T10:00:00.000Z',
          onboardingStep: w.status === 'onboarding' && w.step ? { ...w.step, attempt: 1 } : null,
        }));
      return send(200, { volunteers: listed, truncated: false });
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
