import { redactTokens } from './observability.module';

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
