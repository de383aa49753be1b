import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { onboarding } from '@trygg/http-contracts';
import { checkedAnswer, routeMatching } from './contract-check';

/**
 * TEST ONLY: an in-memory stand-in for onboarding's instanceBySubject (`GET /instances?subjectKind=&subjectId=`), for
 * the coordinator's group page: a contact-person nomination whose start meeting was recorded (`meetingHeld`) answers
 * with an instance whose meeting-attendance step carries that day; any other is 404. Answers through onboarding's
 * contract (contract-check.ts).
 */
export class FakeOnboarding {
  private server: Server | undefined;
  private readonly meetings = new Map<string, string>();
  /** The nomination ids the web asked about. */
  readonly asked: string[] = [];

  constructor(private readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  meetingHeld(nominationId: string, day: string): void {
    this.meetings.set(nominationId, day);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    // Keep-alive connections (the web's, another fake's forwarding fetch) would hold close() open: end them too.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const route = routeMatching(onboarding.onboardingRoutes, req.method, url.pathname);
    const send = (status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(checkedAnswer(route, status, body)));
    if (!/^Bearer .+/.test(req.headers['authorization'] ?? '')) return send(401, { error: 'unauthorised' });
    if (route !== onboarding.instanceBySubject) return send(404, { error: 'not_found' });
    const subjectId = url.searchParams.get('subjectId') ?? '';
    this.asked.push(subjectId);
    const day = this.meetings.get(subjectId);
    if (url.searchParams.get('subjectKind') !== 'contact-person' || !day) return send(404, { error: 'not_found' });
    const answeredAt = `${day}T16:00:00.000Z`;
    return send(200, {
      id: randomUUID(), municipalityId: 'ale', kind: 'contact-person', processVersion: 1,
      subject: { kind: 'contact-person', id: subjectId, personId: randomUUID() }, subjectFields: {}, policeAreaId: null,
      status: 'approved', currentStepId: null, startedAt: answeredAt, completedAt: answeredAt,
      steps: [{ id: 'start-meeting', type: 'meeting-attendance', status: 'approved', attempt: 1, firstRequestedAt: answeredAt, waitingSince: null, answeredAt, remindersSent: 0, outcome: 'approved', reason: null, actor: { kind: 'police', id: 'officer' }, evidence: { meetingDate: day } }],
    });
  }
}
