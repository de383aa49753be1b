import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { safetyRounds, volunteers, walkerWalks, walks } from '@trygg/http-contracts';
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

interface FakeWalk {
  walkId: string;
  municipalityId: string;
  startsAt: string;
  endsAt: string;
  meetingPoint: string;
  minWalkers: number;
  maxWalkers: number;
  status: 'scheduled' | 'cancelled' | 'held';
  booked: string[];
  log: Array<{ volunteerId: string; kind: 'check-in' | 'check-out' }>;
  reports: Array<{ volunteerId: string; report: unknown }>;
}

const HOUR = 3_600_000;

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
  /** The walks (the walker's page), and the walkers' links to them: token → walker. */
  readonly walks = new Map<string, FakeWalk>();
  private readonly walkerLinks = new Map<string, { volunteerId: string; municipalityId: string; language: 'sv' | 'en'; expired: boolean }>();

  /** An active walker's link to their walks (the real service issues it to notifications). */
  walkerLink(municipalityId: string, options: { language?: 'sv' | 'en'; expired?: boolean } = {}): { token: string; volunteerId: string } {
    const token = randomBytes(32).toString('base64url');
    const volunteerId = randomUUID();
    this.walkerLinks.set(token, { volunteerId, municipalityId, language: options.language ?? 'sv', expired: options.expired ?? false });
    return { token, volunteerId };
  }

  /** A walk of the municipality (times ISO). */
  addWalk(walk: { municipalityId: string; startsAt: string; endsAt: string; meetingPoint: string; maxWalkers: number; minWalkers?: number; status?: FakeWalk['status']; booked?: string[] }): string {
    const walkId = randomUUID();
    this.walks.set(walkId, { walkId, minWalkers: 2, status: 'scheduled', log: [], reports: [], ...walk, booked: [...(walk.booked ?? [])] });
    return walkId;
  }

  /** The night comes: the walk is moved to have started `hoursAgo` hours ago (a walk cannot be scheduled in the past). */
  startWalk(walkId: string, hoursAgo = 1): void {
    const walk = this.walks.get(walkId)!;
    const length = Date.parse(walk.endsAt) - Date.parse(walk.startsAt);
    walk.startsAt = new Date(Date.now() - hoursAgo * HOUR).toISOString();
    walk.endsAt = new Date(Date.parse(walk.startsAt) + length).toISOString();
  }

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
    // Keep-alive connections (the web's, another fake's forwarding fetch) would hold close() open: end them too.
    this.server?.closeAllConnections();
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
    const walker = /^\/walker\/([^/]+)\//.exec(path);
    if (walker) return this.walker(route, decodeURIComponent(walker[1]!), path.split('/')[4], body, send);
    return send(404, { error: 'not_found' });
  }

  /** The walker's routes, with the rules the page must explain (full, cancelled, not booked, check-in window, one report). */
  private walker(route: ReturnType<typeof routeMatching>, token: string, walkId: string | undefined, body: unknown, send: (status: number, body: unknown) => void): void {
    const link = this.walkerLinks.get(token);
    if (!link) return send(404, { error: 'token_invalid' });
    if (link.expired) return send(410, { error: 'token_expired' });
    const me = link.volunteerId;
    const now = Date.now();
    const presence = (w: FakeWalk) => w.log.filter((l) => l.volunteerId === me).at(-1)?.kind;
    const refuse = {
      book: (w: FakeWalk) => (w.status === 'cancelled' ? 'walk_cancelled' : Date.parse(w.startsAt) <= now ? 'walk_started' : w.booked.includes(me) ? 'already_booked' : w.booked.length >= w.maxWalkers ? 'walk_full' : null),
      unbook: (w: FakeWalk) => (w.status === 'cancelled' ? 'walk_cancelled' : Date.parse(w.startsAt) <= now ? 'walk_started' : !w.booked.includes(me) ? 'not_booked' : null),
      checkIn: (w: FakeWalk) =>
        w.status === 'cancelled' ? 'walk_cancelled' : !w.booked.includes(me) ? 'not_booked' : now < Date.parse(w.startsAt) - 2 * HOUR || now > Date.parse(w.endsAt) + 6 * HOUR ? 'check_in_not_open' : presence(w) === 'check-in' ? 'already_checked_in' : null,
      checkOut: (w: FakeWalk) => (w.status === 'cancelled' ? 'walk_cancelled' : !w.booked.includes(me) ? 'not_booked' : presence(w) !== 'check-in' ? 'not_checked_in' : null),
      report: (w: FakeWalk) =>
        w.status === 'cancelled' ? 'walk_cancelled' : !w.booked.includes(me) ? 'not_booked' : now < Date.parse(w.startsAt) ? 'walk_not_started' : !w.log.some((l) => l.volunteerId === me && l.kind === 'check-in') ? 'not_checked_in' : w.reports.some((r) => r.volunteerId === me) ? 'already_reported' : null,
    };
    if (route === walkerWalks.listWalkerWalks) {
      const shown = [...this.walks.values()]
        .filter((w) => w.municipalityId === link.municipalityId && (w.booked.includes(me) || (w.status === 'scheduled' && Date.parse(w.startsAt) > now)))
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      return send(200, {
        municipalityId: link.municipalityId,
        language: link.language,
        walks: shown.map((w) => ({
          walkId: w.walkId,
          organisationId: 'kommunens-vandrare',
          startsAt: w.startsAt,
          endsAt: w.endsAt,
          meetingPoint: w.meetingPoint,
          status: w.status,
          staffed: w.status === 'scheduled' && w.booked.length >= w.minWalkers,
          placesLeft: Math.max(0, w.maxWalkers - w.booked.length),
          booked: w.booked.includes(me),
          presence: presence(w) === 'check-in' ? 'checked-in' : presence(w) === 'check-out' ? 'checked-out' : 'none',
          canBook: refuse.book(w) === null,
          canUnbook: refuse.unbook(w) === null,
          canCheckIn: refuse.checkIn(w) === null,
          canCheckOut: refuse.checkOut(w) === null,
          canReport: refuse.report(w) === null,
          reported: w.reports.some((r) => r.volunteerId === me),
        })),
      });
    }
    const walk = walkId ? this.walks.get(walkId) : undefined;
    if (!walk || walk.municipalityId !== link.municipalityId) return send(404, { error: 'not_found' });
    const act = (refusal: string | null, change: () => void, status: string) => {
      if (refusal) return send(409, { error: refusal });
      change();
      return send(200, { walkId: walk.walkId, status });
    };
    if (route === walks.bookWalk) return act(refuse.book(walk), () => walk.booked.push(me), 'booked');
    if (route === walks.unbookWalk) return act(refuse.unbook(walk), () => (walk.booked = walk.booked.filter((v) => v !== me)), 'unbooked');
    if (route === walks.checkInWalk) return act(refuse.checkIn(walk), () => walk.log.push({ volunteerId: me, kind: 'check-in' }), 'checked-in');
    if (route === walks.checkOutWalk) return act(refuse.checkOut(walk), () => walk.log.push({ volunteerId: me, kind: 'check-out' }), 'checked-out');
    if (route === walkerWalks.reportWalk) {
      const input = walkerWalks.walkReportInput.safeParse(body);
      if (!input.success) return send(400, { error: 'validation_failed', fields: input.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })) });
      const refusal = refuse.report(walk);
      if (refusal) return send(409, { error: refusal });
      walk.reports.push({ volunteerId: me, report: input.data });
      return send(201, { walkId: walk.walkId, reportId: randomUUID(), status: 'reported' });
    }
    return send(404, { error: 'not_found' });
  }
}
