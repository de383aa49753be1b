import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { policeLiaison, type ResponseOf } from '@trygg/http-contracts';
import { checkedAnswer, routeMatching } from './contract-check';

type Outcome = 'approve' | 'reject' | 'needs-info' | 'revoked';
type ShownObservation = ResponseOf<typeof policeLiaison.getObservation, 200>;

interface FakeCase {
  id: string;
  municipalityId: string;
  policeAreaId: string;
  name: string;
  /** Days since the case was opened (its `openedAt` is that long ago). */
  daysWaiting: number;
  decision: { outcome: string; reason: string } | null;
  /** Decisions the standing one replaced (an approval a revocation replaced). */
  history: Array<{ outcome: string; reason: string }>;
}

const DAY_MS = 86_400_000;
const TARGET_DAYS = 14;

/**
 * TEST ONLY: an in-memory stand-in for police-liaison's officer API (pending cases of an area with their days waiting
 * against a 14-day target, the overview, one case, the decision, the revocation of an approval), for the
 * police pages' browser tests. It accepts an officer's bearer token per police area (`tokenFor`) like police-liaison
 * checks the real one, and answers through police-liaison's contract (contract-check.ts).
 */
export class FakePoliceLiaison {
  private server: Server | undefined;
  readonly cases = new Map<string, FakeCase>();
  /** Observations as police-liaison would show them to the officer (the area: the municipality's first police area, as `observationArea` says). */
  readonly observations = new Map<string, ShownObservation>();
  /** The officer's area messages requested through the fake, newest first. */
  readonly areaMessages: Array<Record<string, unknown>> = [];
  /** Groups with start meetings: groupId → the police area, contact persons and meetings (any signed-in caller of the area's officer token or any other bearer). */
  readonly meetingGroups = new Map<string, { policeAreaId: string; contactPersons: Array<{ personId: string; name: string | null }>; meetings: Array<Record<string, unknown> & { id: string; status: string; startsAt: string; endsAt: string; place: string; sequence: number; attendance: unknown }> }>();
  /** Members' RSVP links to start meetings (token → the meeting and the answer so far). */
  readonly rsvps = new Map<string, { municipalityId: string; startsAt: string; endsAt: string; place: string; status: 'scheduled' | 'changed'; answer: 'yes' | 'no' | null }>();

  /** `observationSecret`: the web's INTERNAL_SECRET_WEB_OBSERVATIONS; `observationArea`: the police area reports land in. */
  constructor(
    private readonly port: number,
    private readonly observationSecret = 'fake-web-observations-secret-0123456789abcdef',
    private readonly observationArea = 'lpo-ale-kungalv',
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  tokenFor(policeAreaId: string): string {
    return `fake-officer-token-${policeAreaId}`;
  }

  addCase(municipalityId: string, policeAreaId: string, name: string, daysWaiting = 0): FakeCase {
    const c: FakeCase = { id: randomUUID(), municipalityId, policeAreaId, name, daysWaiting, decision: null, history: [] };
    this.cases.set(c.id, c);
    return c;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((error: Error) => {
      console.error(error.message);
      if (!res.headersSent) res.writeHead(500).end();
    }));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    // Keep-alive connections (the web's, another fake's forwarding fetch) would hold close() open: end them too.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private areaOf(req: IncomingMessage): string | undefined {
    return /^Bearer fake-officer-token-(.+)$/.exec(req.headers['authorization'] ?? '')?.[1];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const route = routeMatching(policeLiaison.policeLiaisonRoutes, req.method, path);
    const send = (status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(checkedAnswer(route, status, body)));
    let match: RegExpExecArray | null;
    // A member's RSVP link: the token is the whole credential.
    if ((match = /^\/start-meeting-rsvps\/([^/]+)$/.exec(path))) {
      const rsvp = this.rsvps.get(decodeURIComponent(match[1]!));
      if (!rsvp) return send(404, { error: 'token_invalid' });
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const input = policeLiaison.rsvpInput.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        if (!input.success) return send(400, { error: 'validation_failed', fields: [{ field: 'answer', code: 'invalid', message: 'invalid' }] });
        rsvp.answer = input.data.answer;
      }
      return send(200, { ...rsvp });
    }
    // A group's start meetings (the officer of its area, or any other bearer: the coordinator pages' tests).
    if ((match = /^\/groups\/([^/]+)\/start-meetings$/.exec(path)) || (match = /^\/start-meetings\/([^/]+)(\/cancel|\/attendance)?$/.exec(path))) {
      if (!req.headers['authorization']) return send(401, { error: 'unauthenticated' });
      const officerArea = this.areaOf(req);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const id = decodeURIComponent(match[1]!);
      const groupEntry = path.startsWith('/groups/') ? [id, this.meetingGroups.get(id)] as const : [...this.meetingGroups.entries()].find(([, g]) => g.meetings.some((m) => m.id === id));
      const group = groupEntry?.[1];
      if (!group || (officerArea && officerArea !== group.policeAreaId)) return send(404, { error: 'not_found' });
      const view = (m: (typeof group.meetings)[number]) => ({ municipalityId: 'lilla-edet', groupId: groupEntry![0], policeAreaId: group.policeAreaId, proposedBy: { kind: 'police' }, invited: 2, rsvps: [], ...m });
      if (req.method === 'GET') return send(200, { meetings: group.meetings.map(view), contactPersons: group.contactPersons });
      if (path.startsWith('/groups/')) {
        const input = policeLiaison.meetingInput.safeParse(body);
        if (!input.success) return send(400, { error: 'validation_failed', fields: input.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })) });
        if (Date.parse(input.data.startsAt) < Date.now()) return send(400, { error: 'validation_failed', fields: [{ field: 'startsAt', message: 'must not be in the past' }] });
        if (group.meetings.some((m) => m.status === 'scheduled' || m.status === 'changed')) return send(409, { error: 'already_scheduled' });
        const meeting = { id: randomUUID(), status: 'scheduled', sequence: 0, attendance: null, startsAt: new Date(input.data.startsAt).toISOString(), endsAt: new Date(input.data.endsAt).toISOString(), place: input.data.place };
        group.meetings.push(meeting);
        return send(201, { meeting: view(meeting) });
      }
      const meeting = group.meetings.find((m) => m.id === id)!;
      if (meeting.status === 'cancelled' || meeting.status === 'held') return send(409, { error: 'meeting_closed' });
      if (match[2] === '/cancel') Object.assign(meeting, { status: 'cancelled', sequence: meeting.sequence + 1 });
      else if (match[2] === '/attendance') {
        if (Date.parse(meeting.startsAt) > Date.now()) return send(409, { error: 'not_started' });
        Object.assign(meeting, { status: 'held', attendance: { personIds: body['personIds'], recordedAt: new Date().toISOString(), heldOn: meeting.startsAt.slice(0, 10) } });
      } else {
        const input = policeLiaison.meetingInput.safeParse(body);
        if (!input.success) return send(400, { error: 'validation_failed', fields: input.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })) });
        Object.assign(meeting, { status: 'changed', sequence: meeting.sequence + 1, startsAt: new Date(input.data.startsAt).toISOString(), endsAt: new Date(input.data.endsAt).toISOString(), place: input.data.place });
      }
      return send(200, { meeting: view(meeting) });
    }
    const body = async (): Promise<unknown> => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    };
    if (path === '/internal/observations' && req.method === 'POST') {
      if (req.headers['authorization'] !== `Bearer ${this.observationSecret}` || req.headers['x-internal-caller'] !== 'web') return send(401, { error: 'unauthenticated' });
      const input = policeLiaison.observationInput.safeParse(await body());
      if (!input.success) return send(400, { error: 'validation_failed', fields: input.error.issues.map((i) => ({ field: String(i.path[0] ?? 'body'), message: i.message })) });
      const { address, lat, lng, personId: _p, ...rest } = input.data;
      const o: ShownObservation = {
        ...rest, id: randomUUID(), policeAreaId: this.observationArea, receivedAt: new Date().toISOString(),
        place: address !== undefined ? { kind: 'address', address } : { kind: 'point', lat: lat!, lng: lng! }, status: 'open', readAt: null, answer: null,
      };
      this.observations.set(o.id, o);
      return send(201, { observationId: o.id, policeAreaId: o.policeAreaId });
    }
    const area = this.areaOf(req);
    if (!area) return send(403, { error: 'forbidden' });
    const observation = /^\/observations\/([^/]+)(\/read|\/answer)?$/.exec(path);
    if ((match = /^\/police-areas\/([^/]+)\/observations$/.exec(path)) && req.method === 'GET') {
      if (match[1] !== area) return send(403, { error: 'forbidden' });
      return send(200, { observations: [...this.observations.values()].filter((o) => o.policeAreaId === area).sort((a, b) => b.occurredAt.localeCompare(a.occurredAt)) });
    }
    if (observation) {
      const o = this.observations.get(decodeURIComponent(observation[1]!));
      if (!o || o.policeAreaId !== area) return send(404, { error: 'not_found' });
      if (!observation[2] && req.method === 'GET') return send(200, o);
      if (observation[2] === '/read' && req.method === 'POST') {
        if (o.status === 'open') Object.assign(o, { status: 'read', readAt: new Date().toISOString() });
        return send(200, o);
      }
      if (observation[2] === '/answer' && req.method === 'POST') {
        if (o.answer) return send(409, { error: 'already_answered' });
        const input = policeLiaison.observationAnswerInput.safeParse(await body());
        if (!input.success) return send(400, { error: 'validation_failed', fields: [{ field: 'answer', message: input.error.issues[0]!.message }] });
        Object.assign(o, { status: 'answered', answer: { text: input.data.answer, answeredAt: new Date().toISOString() } });
        return send(200, o);
      }
    }
    // The officer's area messages (issue 14): the area's requests, where to send, and a request answered at once.
    if ((match = /^\/police-areas\/([^/]+)\/(area-messages|area-message-targets)$/.exec(path))) {
      if (match[1] !== area) return send(403, { error: 'forbidden' });
      if (match[2] === 'area-message-targets' && req.method === 'GET') {
        return send(200, { municipalities: [{ id: 'ale', name: 'Ale kommun', areas: [{ id: 'centrum', name: 'Centrum', groupIds: [] }] }] });
      }
      if (match[2] === 'area-messages' && req.method === 'GET') return send(200, { messages: this.areaMessages });
      if (match[2] === 'area-messages' && req.method === 'POST') {
        const input = policeLiaison.areaMessageInput.safeParse(await body());
        if (!input.success) return send(400, { error: 'validation_failed', fields: input.error.issues.map((i) => ({ field: String(i.path[0] ?? 'body'), message: i.message })) });
        if (input.data.municipalityId !== 'ale') return send(404, { error: 'not_found' });
        const message = {
          id: randomUUID(), municipalityId: 'ale', policeAreaId: area, subject: input.data.subject, body: input.data.body, category: input.data.urgent ? ('urgent' as const) : ('information' as const),
          channels: input.data.channels, areaIds: input.data.areaIds ?? [], groupIds: input.data.groupIds ?? [], audience: input.data.audience, delivery: input.data.delivery, requestedBy: 'Per Polis', requestedAt: new Date().toISOString(),
        };
        this.areaMessages.unshift(message);
        return send(202, { messageId: message.id });
      }
    }
    if ((match = /^\/police-areas\/([^/]+)\/cases$/.exec(path)) && req.method === 'GET') {
      if (match[1] !== area) return send(404, { error: 'not_found' });
      const cases = [...this.cases.values()].filter((c) => c.policeAreaId === area && !c.decision).sort((a, b) => b.daysWaiting - a.daysWaiting).map((c) => this.shown(c));
      return send(200, { cases });
    }
    if ((match = /^\/police-areas\/([^/]+)\/overview$/.exec(path)) && req.method === 'GET') {
      if (match[1] !== area) return send(403, { statusCode: 403, error: 'forbidden' });
      const pending = [...this.cases.values()].filter((c) => c.policeAreaId === area && !c.decision);
      const decided = [...this.cases.values()].filter((c) => c.policeAreaId === area && c.decision).length;
      const municipalityIds = [...new Set([...this.cases.values()].filter((c) => c.policeAreaId === area).map((c) => c.municipalityId))].sort();
      const figures = (cases: FakeCase[], decidedCount: number) => ({
        waiting: cases.length, overdue: cases.filter((c) => c.daysWaiting >= TARGET_DAYS).length, decided: decidedCount, medianDays: decidedCount ? 9.5 : null, p90Days: decidedCount ? 16 : null,
      });
      return send(200, {
        policeAreaId: area,
        year: new Date().getFullYear(),
        municipalities: municipalityIds.map((m) => {
          const count = [...this.cases.values()].filter((c) => c.policeAreaId === area && c.municipalityId === m && c.decision).length;
          return { municipalityId: m, targetDays: TARGET_DAYS, decidedWithinTarget: count, ...figures(pending.filter((c) => c.municipalityId === m), count) };
        }),
        total: figures(pending, decided),
        // The groups and observations (issue 14): fixed figures per municipality, so the page's tables have rows.
        groups: {
          municipalities: municipalityIds.map((m) => ({ municipalityId: m, ...GROUP_FIGURES })),
          total: { ...GROUP_FIGURES, byStatus: Object.fromEntries(Object.entries(GROUP_FIGURES.byStatus).map(([k, v]) => [k, v * municipalityIds.length])), activeContactPersons: GROUP_FIGURES.activeContactPersons * municipalityIds.length, groupsWithoutContactPerson: GROUP_FIGURES.groupsWithoutContactPerson * municipalityIds.length, openObservations: GROUP_FIGURES.openObservations * municipalityIds.length },
        },
      });
    }
    if ((match = /^\/cases\/([^/]+)\/decision$/.exec(path)) && req.method === 'POST') {
      const c = this.cases.get(decodeURIComponent(match[1]!));
      if (!c || c.policeAreaId !== area) return send(404, { error: 'not_found' });
      if (c.decision) return send(409, { error: 'already_decided' });
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const input = policeLiaison.policeDecisionInput.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      if (!input.success) return send(400, { error: 'validation_failed', fields: input.error.issues.map((i) => ({ field: String(i.path[0] ?? 'body'), code: 'invalid', message: i.message })) });
      c.decision = input.data;
      return send(200, { caseId: c.id, status: 'decided', decision: { ...input.data, decidedBy: 'officer', decidedAt: new Date().toISOString() } });
    }
    if ((match = /^\/cases\/([^/]+)$/.exec(path)) && req.method === 'GET') {
      const c = this.cases.get(decodeURIComponent(match[1]!));
      if (!c || c.policeAreaId !== area) return send(404, { error: 'not_found' });
      return send(200, { case: this.shown(c) });
    }
    if ((match = /^\/cases\/([^/]+)\/revocation$/.exec(path)) && req.method === 'POST') {
      const c = this.cases.get(decodeURIComponent(match[1]!));
      if (!c || c.policeAreaId !== area) return send(404, { error: 'not_found' });
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const input = policeLiaison.policeRevocationInput.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      if (!input.success) return send(400, { error: 'validation_failed', fields: input.error.issues.map((i) => ({ field: String(i.path[0] ?? 'body'), code: 'invalid', message: i.message })) });
      if (c.decision?.outcome !== 'approve') return send(409, { error: 'not_approved' });
      c.history.push(c.decision);
      c.decision = { outcome: 'revoked', reason: input.data.reason };
      return send(200, { caseId: c.id, status: 'decided', decision: { ...c.decision, decidedBy: 'officer', decidedAt: new Date().toISOString() } });
    }
    return send(404, { error: 'not_found' });
  }

  private shown(c: FakeCase) {
    return {
      id: c.id,
      municipalityId: c.municipalityId,
      instanceId: `instance-${c.id}`,
      stepId: 'police-approval',
      stepType: 'police-approval',
      attempt: 1,
      subject: { kind: 'contact-person' as const, id: `member-${c.id}`, personId: `person-${c.id}` },
      subjectFields: { name: c.name, groupName: 'Grannar vid ån' },
      dueAt: null,
      status: c.decision ? ('decided' as const) : ('pending' as const),
      decision: c.decision ? { ...c.decision, outcome: c.decision.outcome as Outcome, decidedBy: 'officer', decidedAt: new Date().toISOString() } : null,
      decisionHistory: c.history.map((d) => ({ ...d, outcome: d.outcome as Outcome, decidedBy: 'officer', decidedAt: new Date().toISOString() })),
      policeAreaId: c.policeAreaId,
      openedAt: new Date(Date.now() - c.daysWaiting * DAY_MS).toISOString(),
      waitingSince: new Date(Date.now() - c.daysWaiting * DAY_MS).toISOString(),
      daysWaiting: c.daysWaiting,
      targetDays: TARGET_DAYS,
      overdue: c.daysWaiting >= TARGET_DAYS,
    };
  }
}

/** Each municipality's group figures in the fake's overview. */
const GROUP_FIGURES = { byStatus: { forming: 1, 'awaiting-approval': 1, active: 2, paused: 0, closed: 1 }, activeContactPersons: 3, groupsWithoutContactPerson: 2, openObservations: 4 };
