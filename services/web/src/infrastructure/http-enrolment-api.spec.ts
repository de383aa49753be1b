import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessDenied, SignInRequired } from '../application/enrolment-api';
import { MalformedAnswer } from '../application/malformed-answer';
import { HttpEnrolmentApi } from './http-enrolment-api';

/** A one-route stand-in for enrolment: answers every request with the status and body set by the test. */
describe('HttpEnrolmentApi parses every answer with enrolment’s contract', () => {
  let server: Server;
  let api: HttpEnrolmentApi;
  let next: { status: number; body: unknown } = { status: 200, body: {} };
  let seen: { url?: string; headers: Record<string, unknown> } = { headers: {} };

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen = { ...(req.url ? { url: req.url } : {}), headers: req.headers };
      res.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify(next.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = new HttpEnrolmentApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a used confirmation link is 410 token_used', async () => {
    next = { status: 410, body: { statusCode: 410, error: 'token_used' } };
    await expect(api.confirm('ale', 't'.repeat(43))).resolves.toEqual({ kind: 'token_used' });
  });

  it('a confirmation carries the status and placement', async () => {
    next = { status: 200, body: { status: 'confirmed', language: 'sv', intent: 'join', placement: { kind: 'triage' } } };
    await expect(api.confirm('ale', 't'.repeat(43))).resolves.toEqual({ kind: 'confirmed', status: 'confirmed', language: 'sv', intent: 'join', placement: { kind: 'triage' } });
  });

  it('a group the person is not in (400 unknown_group) is not_in_group', async () => {
    next = { status: 400, body: { statusCode: 400, error: 'validation_failed', fields: [{ field: 'groupId', code: 'unknown_group', message: 'Gruppen finns inte i området.' }] } };
    await expect(api.households('t'.repeat(43), 'g1')).resolves.toEqual({ kind: 'not_in_group' });
  });

  it('a body the contract does not allow is a MalformedAnswer naming the route and the field', async () => {
    next = { status: 200, body: { items: [{ registrationId: 'r1' }] } };
    const error = await api.triage('the-access-token', 'ale').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedAnswer);
    expect((error as Error).message).toMatch(/^enrolment triage answered 200 .*items\.0\.personId/);
  });

  it('a staff call carries the signed-in person\'s bearer token and nothing else that names who or where; the municipality only in the URL', async () => {
    next = { status: 200, body: { areas: [] } };
    await expect(api.areas('the-access-token', 'ale')).resolves.toEqual({ kind: 'ok', value: [] });
    expect(seen.url).toBe('/staff/ale/areas');
    expect(seen.headers['authorization']).toBe('Bearer the-access-token');
    // Only transport headers beside the token: no header of the web's own naming the person or the municipality.
    expect(Object.keys(seen.headers).filter((h) => h.startsWith('x-') && h !== 'x-correlation-id')).toEqual([]);
  });

  it('a refused token (401) asks for a new sign-in; a refused scope (403) is access denied', async () => {
    next = { status: 401, body: { statusCode: 401, error: 'unauthenticated', message: 'expired' } };
    await expect(api.areas('old-token', 'ale')).rejects.toBeInstanceOf(SignInRequired);
    await expect(api.membersCsv('old-token', 'ale', 'g1')).rejects.toBeInstanceOf(SignInRequired);
    next = { status: 403, body: { statusCode: 403, error: 'forbidden' } };
    await expect(api.group('token', 'ale', 'g1')).rejects.toBeInstanceOf(AccessDenied);
  });

  it('a status the contract does not declare is a MalformedAnswer', async () => {
    next = { status: 409, body: { statusCode: 409, error: 'conflict' } };
    await expect(api.confirm('ale', 't'.repeat(43))).rejects.toBeInstanceOf(MalformedAnswer);
  });
});
