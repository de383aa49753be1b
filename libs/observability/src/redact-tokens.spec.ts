import { redactTokens, urlRedactor } from './observability.module';

describe('logged URLs', () => {
  it('lose link tokens and query strings, and keep the rest of the path', () => {
    const token = 'k3Jx0Qm9p1Zc8Vb7Nn6Ll5Kk4Jj3Hh2Gg1Ff0Ee9Dd';
    expect(redactTokens(`/ale/mina-uppgifter/${token}/andra`)).toBe('/ale/mina-uppgifter/[token]/andra');
    expect(redactTokens(`/self-service/${token}`)).toBe('/self-service/[token]');
    expect(redactTokens('/ale/grannsamverkan?lang=en')).toBe('/ale/grannsamverkan');
    expect(redactTokens('/registrations/6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b')).toBe('/registrations/6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b');
    expect(redactTokens(undefined)).toBe('');
  });
});

describe('logged URLs of routes whose path holds a secret', () => {
  const redact = urlRedactor([
    { path: '/sms/delivery-reports/:secret', params: ['secret'] },
    { path: '/self-service/:token/signs/:signId/report', params: ['token'] },
  ]);

  it('lose the secret segment whatever its length or alphabet, and keep the other parameters', () => {
    expect(redact('/sms/delivery-reports/short.secret~1')).toBe('/sms/delivery-reports/[secret]');
    expect(redact('/sms/delivery-reports/short-secret?x=1')).toBe('/sms/delivery-reports/[secret]');
    expect(redact('/self-service/abc/signs/s-1/report')).toBe('/self-service/[secret]/signs/s-1/report');
  });

  it('leave other paths to redactTokens', () => {
    expect(redact('/sms/other/short-secret')).toBe('/sms/other/short-secret');
    expect(redact('/ale/grannsamverkan?lang=en')).toBe('/ale/grannsamverkan');
    expect(redact(undefined)).toBe('');
  });
});
