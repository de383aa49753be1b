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
