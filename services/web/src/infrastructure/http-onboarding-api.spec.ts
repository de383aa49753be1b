import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpOnboardingApi } from './http-onboarding-api';

const nominationId = '6f1c2a9e-8b3d-4c5f-a6e7-d8c9b0a1f2e3';
const instance = (steps: unknown[]) => ({
  id: 'i1', municipalityId: 'ale', kind: 'contact-person', processVersion: 1,
  subject: { kind: 'contact-person', id: nominationId, personId: 'p1' }, subjectFields: {}, policeAreaId: null,
  status: 'approved', currentStepId: null, steps, startedAt: '2026-10-01T10:00:00.000Z', completedAt: '2026-11-18T10:00:00.000Z',
});
const step = { id: 'start-meeting', type: 'meeting-attendance', status: 'approved', attempt: 1, firstRequestedAt: null, waitingSince: null, answeredAt: '2026-11-18T15:00:00.000Z', remindersSent: 0, outcome: 'approved', reason: null, actor: { kind: 'staff', id: 'x' }, evidence: { meetingDate: '2026-11-17' } };

/** A one-route stand-in for onboarding: answers with the status and body set by the test. */
describe('HttpOnboardingApi: the start meeting’s day of a nomination, best effort', () => {
  let server: Server;
  let api: HttpOnboardingApi;
  let next: { status: number; body: unknown } = { status: 200, body: {} };
  let seen: { url?: string | undefined; authorization?: string | undefined } = {};
  const warnings: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen = { url: req.url, authorization: req.headers.authorization };
      res.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify(next.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = new HttpOnboardingApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { warn: (_o: unknown, message: string) => void warnings.push(message) } as never);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (warnings.length = 0));

  it('asks for the nomination’s instance with the coordinator’s token and reads the attended meeting’s day', async () => {
    next = { status: 200, body: instance([step]) };
    await expect(api.startMeetingDate('the-token', nominationId)).resolves.toBe('2026-11-17');
    expect(seen).toEqual({ url: `/instances?subjectKind=contact-person&subjectId=${nominationId}`, authorization: 'Bearer the-token' });
  });

  it('no instance (404) or no attended meeting is no day, without a warning', async () => {
    next = { status: 404, body: { statusCode: 404, error: 'not_found' } };
    await expect(api.startMeetingDate('t', nominationId)).resolves.toBeNull();
    next = { status: 200, body: instance([{ ...step, status: 'waiting', outcome: null, answeredAt: null, evidence: null }]) };
    await expect(api.startMeetingDate('t', nominationId)).resolves.toBeNull();
    expect(warnings).toEqual([]);
  });

  it('a refusal, a 5xx or a body outside the contract is no day and a warning, never an error for the page', async () => {
    for (const answer of [{ status: 403, body: { statusCode: 403, error: 'forbidden' } }, { status: 503, body: {} }, { status: 200, body: { steps: 'no' } }]) {
      next = answer;
      await expect(api.startMeetingDate('t', nominationId)).resolves.toBeNull();
    }
    expect(warnings).toHaveLength(3);
  });
});
