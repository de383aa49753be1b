import { lastValueFrom, type Observable } from 'rxjs';
import type { ArgumentsHost } from '@nestjs/common';
import { createLogger } from '@trygg/observability';
import { ConcurrentModification } from '@trygg/persistence';
import { AllExceptionsFilter } from './all-exceptions.filter';

function hostCapturing(): { host: ArgumentsHost; sent: { status?: number; body?: unknown } } {
  const sent: { status?: number; body?: unknown } = {};
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      return res;
    },
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('AllExceptionsFilter', () => {
  const filter = new AllExceptionsFilter(createLogger('test', 'silent'));

  it.each([
    [413, 'parameters.too.many'],
    [415, 'charset.unsupported'],
    [415, 'encoding.unsupported'],
    [400, 'request.aborted'],
  ])('keeps the body parser client error %i (%s) instead of a 500', (status, type) => {
    const { host, sent } = hostCapturing();
    filter.catch(Object.assign(new Error('x'), { status, statusCode: status, expose: true, type }), host);
    expect(sent).toEqual({ status, body: { statusCode: status, error: type, message: 'The request cannot be read' } });
  });

  it('answers an unknown error with a 500 that reveals nothing', () => {
    const { host, sent } = hostCapturing();
    filter.catch(new Error('secret internals'), host);
    expect(sent).toEqual({ status: 500, body: { statusCode: 500, error: 'internal', message: 'Internal error' } });
  });

  it('answers a write that lost every optimistic-concurrency attempt with a 409, not a 500', () => {
    const { host, sent } = hostCapturing();
    filter.catch(new ConcurrentModification('group', 'g1'), host);
    expect(sent).toEqual({ status: 409, body: { statusCode: 409, error: 'concurrent_modification', message: 'Changed by someone else at the same time; try again' } });
  });

  it("hands an event handler's error back to the event consumer unchanged (it decides retry or dead letter)", async () => {
    const error = new ConcurrentModification('group', 'g1');
    const host = { getType: () => 'rpc', switchToHttp: () => { throw new Error('not HTTP'); } } as unknown as ArgumentsHost;
    const answer = filter.catch(error, host);
    await expect(lastValueFrom(answer as Observable<never>)).rejects.toBe(error);
  });
});
