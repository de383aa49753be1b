import { createServer, type Server } from 'node:http';
import { LinkUnavailable } from '../application/ports';
import { HttpLinkIssuer } from './http-link-issuer';

// A small fake of enrolment's POST /internal/links, answering what each test sets.
const port = 3492;
let answer: { status: number; body: string } = { status: 200, body: '{}' };
const seen: Array<{ authorization: string | undefined; caller: string | undefined; body: string }> = [];
let server: Server;
let lastUrl: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      lastUrl = req.url;
      seen.push({ authorization: req.headers['authorization'], caller: req.headers['x-internal-caller'] as string | undefined, body });
      if ((req.url !== '/internal/links' && req.url !== '/internal/round-links') || req.method !== 'POST') return void res.writeHead(404).end('{"statusCode":404,"message":"Cannot POST"}');
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const issuer = new HttpLinkIssuer(`http://127.0.0.1:${port}/`, 'secret-of-notifications-for-self-service-links', 1000);

describe('links from enrolment over HTTP', () => {
  it('asks volunteers\' /internal/round-links for a round participant\'s and a finding owner\'s link; reassigned or closed is final', async () => {
    const rounds = new HttpLinkIssuer('http://127.0.0.1:1/', 'secret-of-notifications-for-self-service-links', 1000, `http://127.0.0.1:${port}`);
    answer = { status: 200, body: JSON.stringify({ url: 'http://web.test/trollhattan/trygghetsrond/deltagare/abc', expiresAt: '2030-01-01T00:00:00Z' }) };
    await expect(rounds.issue({ kind: 'round-participant', municipalityId: 'trollhattan', roundId: 'r1', participantId: 'p1' })).resolves.toMatchObject({ url: 'http://web.test/trollhattan/trygghetsrond/deltagare/abc' });
    expect(lastUrl).toBe('/internal/round-links');
    expect(seen.at(-1)).toEqual({ authorization: 'Bearer secret-of-notifications-for-self-service-links', caller: 'notifications', body: '{"kind":"round-participant","municipalityId":"trollhattan","roundId":"r1","participantId":"p1"}' });
    for (const error of ['reassigned', 'finding_closed']) {
      answer = { status: 409, body: JSON.stringify({ error }) };
      await expect(rounds.issue({ kind: 'finding-owner', municipalityId: 'trollhattan', findingId: 'f1', assignedAt: '2030-01-01T00:00:00.000Z' })).rejects.toBeInstanceOf(LinkUnavailable);
    }
    // Another 409 is not one of the agreed answers: retried like an outage.
    answer = { status: 409, body: '{"error":"something_else"}' };
    await expect(rounds.issue({ kind: 'finding-owner', municipalityId: 'trollhattan', findingId: 'f1', assignedAt: '2030-01-01T00:00:00.000Z' })).rejects.not.toBeInstanceOf(LinkUnavailable);
  });

  it('asks as the internal caller notifications with its secret and returns url and expiry', async () => {
    answer = { status: 200, body: JSON.stringify({ url: 'http://127.0.0.1:3000/ale/grannsamverkan/bekrafta/abc', expiresAt: '2030-01-01T00:00:00Z' }) };
    await expect(issuer.issue({ kind: 'confirmation', registrationId: 'r1' })).resolves.toEqual({ url: 'http://127.0.0.1:3000/ale/grannsamverkan/bekrafta/abc', expiresAt: '2030-01-01T00:00:00Z' });
    expect(seen.at(-1)).toEqual({ authorization: 'Bearer secret-of-notifications-for-self-service-links', caller: 'notifications', body: '{"kind":"confirmation","registrationId":"r1"}' });
  });

  it('gives up for good on the agreed 404 not_found and 409 already_confirmed', async () => {
    answer = { status: 404, body: '{"error":"not_found"}' };
    await expect(issuer.issue({ kind: 'self-service', personId: 'p1' })).rejects.toBeInstanceOf(LinkUnavailable);
    answer = { status: 409, body: '{"error":"already_confirmed"}' };
    await expect(issuer.issue({ kind: 'confirmation', registrationId: 'r1' })).rejects.toBeInstanceOf(LinkUnavailable);
  });

  it('asks for an activity-check link by check id and gives up for good when the check is already answered (409)', async () => {
    answer = { status: 200, body: JSON.stringify({ url: 'http://127.0.0.1:3000/ale/grannsamverkan/aktiv/xyz', expiresAt: '2030-01-01T00:00:00Z' }) };
    await expect(issuer.issue({ kind: 'activity-check', checkId: 'c1' })).resolves.toMatchObject({ url: 'http://127.0.0.1:3000/ale/grannsamverkan/aktiv/xyz' });
    expect(seen.at(-1)?.body).toBe('{"kind":"activity-check","checkId":"c1"}');
    answer = { status: 409, body: '{"error":"already_answered"}' };
    await expect(issuer.issue({ kind: 'activity-check', checkId: 'c1' })).rejects.toBeInstanceOf(LinkUnavailable);
  });

  it('asks volunteers (not enrolment) for a walker\'s confirmation link, with the same secret, and gives up for good once confirmed', async () => {
    const walkers = new HttpLinkIssuer('http://127.0.0.1:1/', 'secret-of-notifications-for-self-service-links', 1000, `http://127.0.0.1:${port}`);
    answer = { status: 200, body: JSON.stringify({ url: 'http://127.0.0.1:3000/ale/trygghetsvandring/bekrafta/w', expiresAt: '2030-01-01T00:00:00Z' }) };
    await expect(walkers.issue({ kind: 'walker-confirmation', volunteerId: 'v1' })).resolves.toMatchObject({ url: 'http://127.0.0.1:3000/ale/trygghetsvandring/bekrafta/w' });
    expect(seen.at(-1)).toEqual({ authorization: 'Bearer secret-of-notifications-for-self-service-links', caller: 'notifications', body: '{"kind":"walker-confirmation","volunteerId":"v1"}' });
    answer = { status: 409, body: '{"error":"already_confirmed"}' };
    await expect(walkers.issue({ kind: 'walker-confirmation', volunteerId: 'v1' })).rejects.toBeInstanceOf(LinkUnavailable);
    // Enrolment's links still go to enrolment (here: nothing listens, so transient).
    await expect(walkers.issue({ kind: 'confirmation', registrationId: 'r1' })).rejects.toThrow(/enrolment links unreachable/);
  });

  it('asks police-liaison (not enrolment) for a member\'s RSVP link to a start meeting, and gives up for good on its 404 not_found', async () => {
    const police = new HttpLinkIssuer('http://127.0.0.1:1/', 'secret-of-notifications-for-self-service-links', 1000, 'http://127.0.0.1:1/', `http://127.0.0.1:${port}`);
    answer = { status: 200, body: JSON.stringify({ url: 'http://127.0.0.1:3000/ale/uppstartsmote/t', expiresAt: '2030-01-01T00:00:00Z' }) };
    await expect(police.issue({ kind: 'start-meeting-rsvp', meetingId: 'm1', personId: 'p1' })).resolves.toMatchObject({ url: 'http://127.0.0.1:3000/ale/uppstartsmote/t' });
    expect(seen.at(-1)).toEqual({ authorization: 'Bearer secret-of-notifications-for-self-service-links', caller: 'notifications', body: '{"kind":"start-meeting-rsvp","meetingId":"m1","personId":"p1"}' });
    answer = { status: 404, body: '{"error":"not_found"}' };
    await expect(police.issue({ kind: 'start-meeting-rsvp', meetingId: 'm1', personId: 'p1' })).rejects.toBeInstanceOf(LinkUnavailable);
  });

  it('treats everything else as transient: a 404 without the agreed body, 401, 5xx, a bad answer, a refused connection', async () => {
    for (const a of [
      { status: 404, body: '{"statusCode":404,"message":"Cannot POST /internal/links"}' },
      { status: 401, body: '{}' },
      { status: 503, body: 'down' },
      { status: 200, body: '{"url":"not a url"}' },
    ]) {
      answer = a;
      const error = await issuer.issue({ kind: 'confirmation', registrationId: 'r1' }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(LinkUnavailable);
    }
    const nobody = await new HttpLinkIssuer('http://127.0.0.1:3493', 't'.repeat(16), 500).issue({ kind: 'confirmation', registrationId: 'r1' }).catch((e: Error) => e);
    expect((nobody as Error).message).toMatch(/unreachable/);
  });
});
