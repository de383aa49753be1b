import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { policeLiaison } from '@trygg/http-contracts';
import { checkedAnswer, routeMatching } from './contract-check';

interface FakeCase {
  id: string;
  municipalityId: string;
  policeAreaId: string;
  name: string;
  decision: { outcome: string; reason: string } | null;
}

/**
 * TEST ONLY: an in-memory stand-in for police-liaison's officer API (pending cases of an area, the decision), for the
 * police pages' browser tests. It accepts an officer's bearer token per police area (`tokenFor`) like police-liaison
 * checks the real one, and answers through police-liaison's contract (contract-check.ts).
 */
export class FakePoliceLiaison {
  private server: Server | undefined;
  readonly cases = new Map<string, FakeCase>();
  /** Groups with start meetings: groupId → the police area, contact persons and meetings (any signed-in caller of the area's officer token or any other bearer). */
  readonly meetingGroups = new Map<string, { policeAreaId: string; contactPersons: Array<{ personId: string; name: string | null }>; meetings: Array<Record<string, unknown> & { id: string; status: string; startsAt: string; endsAt: string; place: string; sequence: number; attendance: unknown }> }>();
  /** Members' RSVP links to start meetings (token → the meeting and the answer so far). */
  readonly rsvps = new Map<string, { municipalityId: string; startsAt: string; endsAt: string; place: string; status: 'scheduled' | 'changed'; answer: 'yes' | 'no' | null }>();

  constructor(private readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  tokenFor(policeAreaId: string): string {
    return `fake-officer-token-${policeAreaId}`;
  }

  addCase(municipalityId: string, policeAreaId: string, name: string): FakeCase {
    const c: FakeCase = { id: randomUUID(), municipalityId, policeAreaId, name, decision: null };
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
    const area = this.areaOf(req);
    if (!area) return send(403, { error: 'forbidden' });
    if ((match = /^\/police-areas\/([^/]+)\/cases$/.exec(path)) && req.method === 'GET') {
      if (match[1] !== area) return send(404, { error: 'not_found' });
      const cases = [...this.cases.values()].filter((c) => c.policeAreaId === area && !c.decision).map((c) => this.shown(c));
      return send(200, { cases });
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
      status: 'pending' as const,
      decision: null,
      policeAreaId: c.policeAreaId,
      openedAt: new Date().toISOString(),
    };
  }
}
