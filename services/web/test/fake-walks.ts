import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { walkReports, walks } from '@trygg/http-contracts';
import { WEEKDAYS, zonedInstant } from '../src/domain/walk-admin';
import { checkedAnswer, routeMatching } from './contract-check';

type Walk = ReturnType<typeof walks.walkDetailSchema.parse>;

const DAY_MS = 86_400_000;
const COORDINATOR_ROUTES = [walks.scheduleWalk, walks.scheduleWalkSeries, walks.listWalks, walks.showWalk, walks.cancelWalk, walks.debriefWalk, walks.recordWalkerQualifications, walkReports.showMonthReport];
type MonthReport = ReturnType<typeof walkReports.monthReportSchema.parse>;

/**
 * TEST ONLY: an in-memory stand-in for volunteers' coordinator walk routes (`/staff/:m/walks…`), for the walk pages'
 * browser tests. Requests are validated with the contract's own schemas and every answer goes through the contract
 * (contract-check.ts). Only Ale's coordinator token is accepted (401 without a token, 403 for another municipality).
 * Requests for other routes go to `fallback` (the walker sign-up fake) when given, so both can share VOLUNTEERS_URL.
 * services/volunteers/test holds the real service's tests.
 */
export class FakeWalks {
  private server: Server | undefined;
  /** Set by stop(): a request cut off while stopping (its forward to the fallback) is not an error worth logging. */
  private stopped = false;
  readonly walks = new Map<string, Walk>();
  /** The walkers' report figures by walk id (people met, places); a walk without is reported as none. */
  readonly reportFigures = new Map<string, Pick<MonthReport['walks'][number], 'reports' | 'peopleMet' | 'incidents' | 'places'>>();
  /** Every plan and change the fake was sent. */
  readonly sent: Array<{ op: string; body: unknown }> = [];

  constructor(
    private readonly port: number,
    private readonly accessToken: string,
    private readonly fallback?: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A walk as volunteers would hold it (Ale's own walker organisation unless told). */
  seed(over: Partial<Walk> = {}): Walk {
    const startsAt = new Date(Date.now() + 3 * DAY_MS);
    startsAt.setUTCHours(19, 0, 0, 0);
    const walk = walks.walkDetailSchema.parse({
      walkId: randomUUID(), seriesId: null, organisationId: 'ale-trygghetsvandrare', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
      meetingPoint: 'Busstationen', minWalkers: 3, maxWalkers: 6, status: 'scheduled', staffed: false, problems: ['too_few_walkers'], bookings: [], log: [],
      debrief: null, understaffedAt: null, cancellation: null, walkers: [], ...over,
    });
    this.walks.set(walk.walkId, walk);
    return walk;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) =>
      void this.handle(req, res).catch((error: Error) => {
        if (!this.stopped) console.error(error.message);
        if (!res.headersSent) res.writeHead(500).end();
      }),
    );
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    // Keep-alive connections (the web's, another fake's forwarding fetch) would hold close() open: end them too.
    this.stopped = true;
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const route = routeMatching(COORDINATOR_ROUTES, req.method, url.pathname);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (!route) return this.passOn(req, res, url, raw);
    const send = (status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(checkedAnswer(route, status, body)));
    if (req.headers.authorization !== `Bearer ${this.accessToken}`) return send(401, { error: 'unauthorised' });
    const [, , m, , id] = url.pathname.split('/');
    if (m !== 'ale') return send(403, { error: 'forbidden' });
    const body: unknown = JSON.parse(raw || '{}');
    const invalid = (issues: Array<{ path: PropertyKey[]; message: string }>) => send(400, { error: 'validation_failed', fields: issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })) });

    if (route === walkReports.showMonthReport) return send(200, this.monthReport(id!));
    if (route === walks.listWalks) {
      const from = url.searchParams.get('from') ?? new Date().toISOString().slice(0, 10);
      const to = url.searchParams.get('to') ?? new Date(Date.parse(from) + 56 * DAY_MS).toISOString().slice(0, 10);
      const list = [...this.walks.values()].filter((w) => w.startsAt >= from && w.startsAt < to).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      return send(200, { walks: list.map(({ walkers: _w, ...view }) => view) });
    }
    if (route === walks.scheduleWalk) {
      const input = walks.walkInput.safeParse(body);
      if (!input.success) return invalid(input.error.issues);
      this.sent.push({ op: 'schedule', body: input.data });
      const { walkers: _w, ...view } = this.seed({ ...input.data, minWalkers: input.data.minWalkers ?? 3 });
      return send(201, view);
    }
    if (route === walks.scheduleWalkSeries) {
      const input = walks.walkSeriesInput.safeParse(body);
      if (!input.success) return invalid(input.error.issues);
      this.sent.push({ op: 'series', body: input.data });
      const s = input.data;
      const seriesId = randomUUID();
      const created: Walk[] = [];
      for (let i = 0; i < s.weeks * 7; i += 1) {
        const day = new Date(Date.parse(`${s.from}T00:00:00Z`) + i * DAY_MS);
        const date = day.toISOString().slice(0, 10);
        if (!s.weekdays.includes(WEEKDAYS[(day.getUTCDay() + 6) % 7]!) || (s.until && date > s.until)) continue;
        const next = new Date(day.getTime() + DAY_MS).toISOString().slice(0, 10);
        const startsAt = zonedInstant(date, s.startTime, 'Europe/Stockholm').toISOString();
        const endsAt = zonedInstant(s.endTime <= s.startTime ? next : date, s.endTime, 'Europe/Stockholm').toISOString();
        created.push(this.seed({ seriesId, organisationId: s.organisationId, meetingPoint: s.meetingPoint, startsAt, endsAt, minWalkers: s.minWalkers ?? 3, maxWalkers: s.maxWalkers }));
      }
      return send(201, { seriesId, walks: created.map(({ walkers: _w, ...view }) => view) });
    }
    if (route === walks.recordWalkerQualifications) {
      const input = walks.qualificationsInput.safeParse(body);
      if (!input.success) return invalid(input.error.issues);
      this.sent.push({ op: 'qualify', body: { volunteerId: id, ...input.data } });
      const known = [...this.walks.values()].flatMap((w) => w.walkers).filter((w) => w.volunteerId === id);
      if (!known.length) return send(404, { error: 'not_found' });
      for (const w of known) Object.assign(w, input.data);
      return send(200, { volunteerId: id, basicTraining: known[0]!.basicTraining, guardianConsent: known[0]!.guardianConsent });
    }
    const walk = this.walks.get(id ?? '');
    if (!walk) return send(404, { error: 'not_found' });
    if (route === walks.showWalk) return send(200, walk);
    const { walkers: _w, ...view } = walk;
    if (route === walks.cancelWalk) {
      const input = walks.cancelWalkInput.safeParse(body);
      if (!input.success) return invalid(input.error.issues);
      this.sent.push({ op: 'cancel', body: { walkId: id, ...input.data } });
      if (walk.status !== 'scheduled') return send(409, { error: walk.status === 'held' ? 'walk_held' : 'already_cancelled' });
      walk.status = 'cancelled';
      walk.cancellation = { cancelledAt: new Date().toISOString(), reason: input.data.reason };
      return send(200, { ...view, status: walk.status, cancellation: walk.cancellation });
    }
    // debrief
    const input = walks.debriefInput.safeParse(body);
    if (!input.success) return invalid(input.error.issues);
    this.sent.push({ op: 'debrief', body: { walkId: id, ...input.data } });
    if (walk.status === 'cancelled') return send(409, { error: 'walk_cancelled' });
    if (Date.parse(walk.startsAt) > Date.now()) return send(409, { error: 'walk_not_started' });
    walk.status = 'held';
    walk.debrief = input.data.note;
    return send(200, { ...view, status: walk.status, debrief: walk.debrief });
  }

  /** The month's report as volunteers computes it (on the Stockholm clock; minutes from the check-in/out log). */
  private monthReport(month: string): MonthReport {
    const local = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso)).split(' ');
    const none = { children: 0, youth: 0, adults: 0, elderly: 0, total: 0 };
    const rows = [...this.walks.values()]
      .filter((w) => local(w.startsAt)[0]!.startsWith(`${month}-`))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .map((w) => {
        const walkers = new Set(w.log.filter((l) => l.kind === 'check-in').map((l) => l.volunteerId)).size;
        const minutes = w.log.filter((l) => l.kind === 'check-out').reduce((sum, out) => {
          const inAt = w.log.find((l) => l.kind === 'check-in' && l.volunteerId === out.volunteerId);
          return sum + (inAt ? Math.round((Date.parse(out.at) - Date.parse(inAt.at)) / 60_000) : 0);
        }, 0);
        const figures = this.reportFigures.get(w.walkId) ?? { reports: 0, peopleMet: none, incidents: 0, places: [] };
        return { walkId: w.walkId, organisationId: w.organisationId, startsAt: w.startsAt, endsAt: w.endsAt, localDate: local(w.startsAt)[0]!, localStartTime: local(w.startsAt)[1]!, localEndTime: local(w.endsAt)[1]!, meetingPoint: w.meetingPoint, status: w.status, held: w.status === 'held' || (w.status === 'scheduled' && walkers > 0), walkers, volunteerMinutes: minutes, ...figures };
      });
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    const ages = ['children', 'youth', 'adults', 'elderly', 'total'] as const;
    return {
      month,
      totals: { walks: rows.length, held: rows.filter((r) => r.held).length, cancelled: rows.filter((r) => r.status === 'cancelled').length, volunteerMinutes: sum((r) => r.volunteerMinutes), reports: sum((r) => r.reports), peopleMet: Object.fromEntries(ages.map((a) => [a, sum((r) => r.peopleMet[a])])) as MonthReport['totals']['peopleMet'], incidents: sum((r) => r.incidents), places: sum((r) => r.places.length) },
      walks: rows,
    };
  }

  /** Another volunteers route: to the fake that answers it, or 404. */
  private async passOn(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    if (!this.fallback) return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 404, error: 'not_found' }));
    const answer = await fetch(`${this.fallback}${url.pathname}${url.search}`, {
      method: req.method ?? 'GET',
      headers: Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host' && e[0] !== 'content-length')),
      ...(body && req.method !== 'GET' ? { body } : {}),
    });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  }
}
