import { DependencyUnavailable, isDependencyUnavailable, PermanentError } from './errors';

describe('isDependencyUnavailable', () => {
  it('recognises outages from our code, the MongoDB driver and mongoose', () => {
    expect(isDependencyUnavailable(new DependencyUnavailable('redis'))).toBe(true);
    expect(isDependencyUnavailable(Object.assign(new Error('x'), { name: 'MongoServerSelectionError' }))).toBe(true);
    expect(isDependencyUnavailable(Object.assign(new Error('x'), { name: 'MongoNetworkError' }))).toBe(true);
    expect(
      isDependencyUnavailable(
        Object.assign(new Error('Cannot call `x.insertOne()` before initial connection is complete'), { name: 'MongooseError' }),
      ),
    ).toBe(true);
  });

  it('recognises the local store with its PostgreSQL gone (FerretDB 2) and a replica set without a primary (MongoDB)', () => {
    const server = (message: string, code = 1) => Object.assign(new Error(message), { name: 'MongoServerError', code });
    for (const message of [
      '[msg_find.go:42 handler.(*Handler).msgFind] [pool.go:86 documentdb.(*Pool).Acquire] failed to connect to `user=postgres database=postgres`:\n\t127.0.0.1:54329 (127.0.0.1): dial error: dial tcp 127.0.0.1:54329: connect: connection refused',
      'the database system is starting up',
      'the database system is not yet accepting connections',
      'the database system is shutting down',
      'terminating connection due to administrator command',
      'unexpected EOF',
      'read tcp 127.0.0.1:41788->127.0.0.1:54329: read: connection reset by peer',
      'write tcp 127.0.0.1:41788->127.0.0.1:54329: write: broken pipe',
      'conn closed',
      'server closed the connection unexpectedly',
    ]) {
      expect(isDependencyUnavailable(server(message))).toBe(true);
    }
    expect(isDependencyUnavailable(server('not primary', 10107))).toBe(true);
    expect(isDependencyUnavailable(server('operation was interrupted because of a replica set state change', 11602))).toBe(true);
  });

  it('does not mistake ordinary failures for outages', () => {
    expect(isDependencyUnavailable(Object.assign(new Error('E11000 duplicate key error'), { name: "MongoServerError", code: 11000 }))).toBe(false);
    expect(isDependencyUnavailable(Object.assign(new Error('unknown operator: $foo'), { name: 'MongoServerError', code: 2 }))).toBe(false);
    expect(isDependencyUnavailable(new Error('boom'))).toBe(false);
    expect(isDependencyUnavailable(new PermanentError('no such group'))).toBe(false);
    expect(isDependencyUnavailable(Object.assign(new Error('validation failed'), { name: 'MongooseError' }))).toBe(false);
    expect(isDependencyUnavailable(null)).toBe(false);
  });
});
