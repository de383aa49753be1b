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

  it('does not mistake ordinary failures for outages', () => {
    expect(isDependencyUnavailable(new Error('boom'))).toBe(false);
    expect(isDependencyUnavailable(new PermanentError('no such group'))).toBe(false);
    expect(isDependencyUnavailable(Object.assign(new Error('validation failed'), { name: 'MongooseError' }))).toBe(false);
    expect(isDependencyUnavailable(null)).toBe(false);
  });
});
