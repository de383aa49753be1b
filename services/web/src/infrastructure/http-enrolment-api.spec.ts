import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MalformedAnswer } from '../application/malformed-answer';
import { HttpEnrolmentApi } from './http-enrolment-api';

/** A one-route stand-in for enrolment: answers every request with the status and body set by the test. */
describe('HttpEnrolmentApi parses every answer with enrolment’s contract', () => {
  let server: Server;
  let api: HttpEnrolmentApi;
  let next: { status: number; body: unknown } = { status: 200, body: {} };

  beforeAll(async () => {
    server = createServer((_req, res) => void res.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify(next.body)));
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
    const error = await api.triage('ale').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedAnswer);
    expect((error as Error).message).toMatch(/^enrolment triage answered 200 .*items\.0\.personId/);
  });

  it('a status the contract does not declare is a MalformedAnswer', async () => {
    next = { status: 409, body: { statusCode: 409, error: 'conflict' } };
    await expect(api.confirm('ale', 't'.repeat(43))).rejects.toBeInstanceOf(MalformedAnswer);
  });
});
