import { limitKey, networkOf } from './keys';

describe('limit keys', () => {
  it('count an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(networkOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('203.0.113.7')).toBe('203.0.113.7');
  });

  it('hash the identifier: no email, postal address, number or IP address in a key, and one key however it was typed', () => {
    const key = limitKey('p', 'web', 'email', 'email', 'Anna.Andersson@Example.se');
    expect(key).toMatch(/^p:web:email:[0-9a-f]{64}$/);
    expect(key).not.toMatch(/anna|example/i);
    expect(limitKey('p', 'web', 'email', 'email', ' anna.andersson@example.se ')).toBe(key);
    const address = limitKey('p', 'web', 'address', 'address', { street: 'Storgatan', number: '1', postcode: '463 30' });
    expect(limitKey('p', 'web', 'address', 'address', { street: 'storgatan ', number: '1', postcode: '46330' })).toBe(address);
    expect(address).not.toMatch(/storgatan|46330/i);
    expect(limitKey('p', 'web', 'mobile', 'mobile', '070-123 45 67')).toBe(limitKey('p', 'web', 'mobile', 'mobile', '+46701234567'));
    expect(limitKey('p', 'web', 'network', 'network', '203.0.113.7')).not.toContain('203');
    // Another service or another rule never shares a counter.
    expect(limitKey('p', 'enrolment', 'email', 'email', 'anna.andersson@example.se')).not.toBe(key);
  });
});
