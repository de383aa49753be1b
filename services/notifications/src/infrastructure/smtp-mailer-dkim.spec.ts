import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { ConfigError } from '@trygg/config';
import { dkimSettings, loadNotificationsConfig } from '../config';
import { SmtpMailer } from './smtp-mailer';

// DKIM signing, verified as a receiving mail server would: the raw message as the SMTP server got it, checked
// by mailauth against the public key published (here: answered by a stub resolver) at <selector>._domainkey.<domain>.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const domain = 'ale.trygg.example';
const selector = 'trygg2026';
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const dnsRecord = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
const resolver = async (name: string, type: string) => {
  if (type === 'TXT' && name === `${selector}._domainkey.${domain}`) return [[dnsRecord]];
  throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
};

// The variables every notifications process needs, so the DKIM ones are read through the real loader.
const base = { PORT: '3004', KAFKA_BROKERS: '127.0.0.1:9092', MONGO_URL: 'mongodb://127.0.0.1:27018/n', REDIS_URL: 'redis://127.0.0.1:6380', SMTP_URL: 'smtp://127.0.0.1:1025', SMS_DELIVERY_REPORT_SECRET: 'a'.repeat(32) };

const raw: Buffer[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  closeTimeout: 200,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      raw.push(Buffer.concat(chunks));
      callback();
    });
  },
});

let mailer: SmtpMailer;
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  // Configured as an operator would: the three variables, through the service's own config loader.
  const config = loadNotificationsConfig({ ...base, DKIM_DOMAIN: domain, DKIM_SELECTOR: selector, DKIM_PRIVATE_KEY: pem });
  mailer = new SmtpMailer(`smtp://127.0.0.1:${port}`, `Ale kommun <no-reply@${domain}>`, config.dkim);
});
afterAll(async () => {
  mailer?.close();
  await new Promise<void>((done) => server.close(() => done()));
});

interface DkimResult {
  status: { result: string; comment?: string };
  signingHeaders?: { keys: string };
}
const verify = async (message: Buffer) => (await dkimVerify(message, { resolver })).results as DkimResult[];

describe('DKIM signing', () => {
  it('signs so that a receiver verifies it, covering List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 section 4)', async () => {
    await mailer.send({
      to: 'anna@ntf.example',
      subject: 'Gruppen är igång – Ale',
      text: 'Hej Anna!\nGruppen på Åsvägen är igång.',
      html: '<p>Hej Anna!</p><p>Gruppen på Åsvägen är igång.</p>',
      messageId: 'dkim-1',
      unsubscribeUrl: 'http://127.0.0.1:3004/unsubscribe/tok',
    });
    const [result] = await verify(raw.at(-1)!);
    expect(result?.status.result).toBe('pass');
    const signed = (result?.signingHeaders?.keys ?? '').toLowerCase().split(': ');
    expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']));
  });

  it('fails verification when the message is changed on the way', async () => {
    await mailer.send({ to: 'bo@ntf.example', subject: 'Kvitto', text: 'Du har lämnat gruppen.', html: '<p>Du har lämnat gruppen.</p>', messageId: 'dkim-2', unsubscribeUrl: null });
    const tampered = Buffer.from(raw.at(-1)!.toString('utf8').replace('Subject: Kvitto', 'Subject: Kvitt0'), 'utf8');
    const [result] = await verify(tampered);
    expect(result?.status.result).toBe('fail');
  });
});

describe('DKIM configuration', () => {
  const problems = (vars: Parameters<typeof dkimSettings>[0], readFile?: (path: string) => string) => {
    try {
      dkimSettings(vars, readFile);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
  };

  it('is off when nothing is set, and reads the key from a file (a mounted secret)', () => {
    expect(loadNotificationsConfig(base).dkim).toBeUndefined();
    const fromFile = dkimSettings({ DKIM_DOMAIN: domain, DKIM_SELECTOR: selector, DKIM_PRIVATE_KEY_FILE: '/run/secrets/dkim.pem' }, (path) => {
      expect(path).toBe('/run/secrets/dkim.pem');
      return pem;
    });
    expect(fromFile).toEqual({ domainName: domain, keySelector: selector, privateKey: pem });
  });

  it('refuses half a configuration, a key that does not parse or is not RSA, and an unreadable file, naming the variable', () => {
    expect(problems({ DKIM_DOMAIN: domain, DKIM_PRIVATE_KEY: pem })).toEqual(['DKIM_SELECTOR is required when DKIM is configured']);
    expect(problems({ DKIM_DOMAIN: domain, DKIM_SELECTOR: selector })).toEqual(['DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE is required when DKIM is configured']);
    expect(problems({ DKIM_DOMAIN: domain, DKIM_SELECTOR: selector, DKIM_PRIVATE_KEY: 'not a key' })).toEqual(['DKIM_PRIVATE_KEY is invalid: not a PEM private key']);
    const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problems({ DKIM_DOMAIN: domain, DKIM_SELECTOR: selector, DKIM_PRIVATE_KEY: ed25519 })).toEqual(['DKIM_PRIVATE_KEY is invalid: DKIM needs an RSA key']);
    const missing = problems({ DKIM_DOMAIN: domain, DKIM_SELECTOR: selector, DKIM_PRIVATE_KEY_FILE: '/nope/dkim.pem' }, () => {
      throw new Error('ENOENT: no such file');
    });
    expect(missing).toEqual(['DKIM_PRIVATE_KEY_FILE is invalid: cannot read /nope/dkim.pem (ENOENT: no such file)']);
    expect(() => loadNotificationsConfig({ ...base, DKIM_SELECTOR: selector })).toThrow(/DKIM_DOMAIN is required/);
  });
});
