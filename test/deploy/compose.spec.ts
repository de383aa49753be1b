import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// docker-compose.yml without Docker: it parses as YAML (unique keys, anchors resolved), and of the services only the
// web front and notifications (its link routes: one-click unsubscribe, the SMS provider's delivery reports) publish
// a port; the internal APIs are reachable on the compose network only.

interface ComposeService {
  build?: { args?: Record<string, string> };
  ports?: string[];
  expose?: string[];
  environment?: Record<string, string | number>;
}

const compose = parse(readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8'), { uniqueKeys: true, merge: true, maxAliasCount: 1000 }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
/** The containers built from this repository's services (deploy/docker/Dockerfile with a SERVICE argument). */
const ours = Object.entries(services).filter(([, s]) => s.build?.args?.['SERVICE']);

describe('docker-compose.yml', () => {
  it('parses, and builds every service of services/', () => {
    expect(ours.map(([name]) => name).sort()).toEqual(['bra-review', 'enrolment', 'notifications', 'onboarding', 'police-liaison', 'volunteers', 'web']);
  });

  it('publishes only the web and notifications; the internal APIs only expose their port on the compose network', () => {
    const publishing = ours.filter(([, s]) => (s.ports ?? []).length > 0).map(([name]) => name).sort();
    expect(publishing).toEqual(['notifications', 'web']);
    for (const [name, service] of ours.filter(([n]) => !publishing.includes(n))) {
      expect([name, service.expose]).toEqual([name, [String(service.environment?.['PORT'])]]);
    }
    // Every published port is bound to the loopback interface (a reverse proxy in front is the way in).
    for (const [, service] of Object.entries(services)) for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('lets the services behind the web trust the compose network to name the client, and gives the web its Redis', () => {
    expect(services['enrolment']!.environment).toMatchObject({ TRUST_PROXY: 'uniquelocal' });
    expect(services['volunteers']!.environment).toMatchObject({ TRUST_PROXY: 'uniquelocal' });
    expect(services['web']!.environment?.['REDIS_URL']).toMatch(/^redis:\/\/redis:/);
    expect(services['web']!.environment?.['TRUST_PROXY']).toBeUndefined();
  });
});
