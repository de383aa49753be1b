import { createLogger } from '@trygg/observability';
import { InMemorySmsCounters, RecordingMailer, shippedCatalogue, wire } from '../../test/fakes';
import { BUILT_IN_TEMPLATES } from '../domain/catalogue';
import { localDay } from '../domain/sms-caps';
import { CheckSmsCaps } from './check-sms-caps';
import { newMessage } from './new-message';

/** One SMS (the bounce SMS: transactional, a self-service link) to a person, queued. */
async function queueSms(app: ReturnType<typeof wire>, recipientId: string, n: number): Promise<string> {
  const sms = newMessage(
    {
      eventId: `cap-${recipientId}-${n}`,
      eventType: 'test.cap',
      correlationId: 'c',
      municipalityId: 'ale',
      recipientId,
      channel: 'sms',
      template: BUILT_IN_TEMPLATES.emailBounced,
      category: 'transactional',
      language: 'sv',
      payload: null,
      broadcastId: null,
      link: 'self-service',
      notBefore: app.clock(),
    },
    app.clock(),
  );
  await app.messages.createIfAbsent(sms);
  return sms.id;
}

describe('the daily SMS caps, at sending time', () => {
  it('send 10 SMS to one number in a day, skip the 11th with the reason and alert the admin address once', async () => {
    const app = wire();
    // Two people sharing one number (written two ways): the cap is per number, not per person.
    await app.recipients.upsertContact({ id: 'p1', municipalityId: 'ale', name: 'Bo', email: 'bo@example.se', mobile: '+46701234567', smsOptIn: true });
    await app.recipients.upsertContact({ id: 'p2', municipalityId: 'ale', name: 'Eva', email: 'eva@example.se', mobile: '070-123 45 67', smsOptIn: true });
    // Both confirmed their number by code (no SMS goes to an unconfirmed one).
    app.recipients.confirmMobile('p1');
    app.recipients.confirmMobile('p2');
    const outcomes: string[] = [];
    for (let n = 0; n < 12; n++) outcomes.push(await app.send.execute(await queueSms(app, n % 2 ? 'p2' : 'p1', n)));
    expect(outcomes).toEqual([...Array(10).fill('sent'), 'skipped', 'skipped']);
    expect(app.sms.sent).toHaveLength(10);
    const skipped = [...app.messages.byId.values()].filter((m) => m.status === 'skipped');
    expect(skipped.map((m) => m.lastError)).toEqual(['SMS cap reached: 10 per number per day', 'SMS cap reached: 10 per number per day']);
    // One alert, to Ale's admin address (municipality.yaml contact.adminEmail), never naming the number.
    expect(app.mailer.sent.map((m) => m.to)).toEqual(['drift@ale.example']);
    expect(app.mailer.sent[0]!.subject).toBe('Sms-tak nått / SMS cap reached: Ale kommun, 2026-06-10');
    expect(app.mailer.sent[0]!.text).not.toMatch(/701|0701|46701234567/);
    // The counters hold hashes, not the number.
    expect([...app.smsCounters.counters.keys()].join(' ')).not.toContain('701234567');
  });

  it('counts a retried SMS once: the job after a transient provider failure is not refused by its own first try', async () => {
    const app = wire();
    await app.recipients.upsertContact({ id: 'p1', municipalityId: 'ale', name: 'Bo', email: 'bo@example.se', mobile: '+46701234567', smsOptIn: true });
    app.recipients.confirmMobile('p1');
    for (let n = 0; n < 9; n++) expect(await app.send.execute(await queueSms(app, 'p1', n))).toBe('sent');
    const tenth = await queueSms(app, 'p1', 9);
    app.sms.failWith = new Error('provider timeout');
    await expect(app.send.execute(tenth)).rejects.toThrow('provider timeout');
    app.sms.failWith = undefined;
    expect(await app.send.execute(tenth)).toBe('sent');
    expect(await app.send.execute(await queueSms(app, 'p1', 10))).toBe('skipped');
  });

  it('stop a municipality at its daily cap, alert once, and start again the next local day', async () => {
    const counters = new InMemorySmsCounters();
    const mailer = new RecordingMailer();
    const caps = new CheckSmsCaps(counters, mailer, shippedCatalogue(), { perNumberPerDay: 10, perMunicipalityPerDay: 3 }, createLogger('test', 'silent'));
    const evening = new Date('2026-06-10T21:30:00Z'); // 23:30 in Stockholm
    const answers: Array<string | null> = [];
    for (let n = 0; n < 5; n++) answers.push(await caps.execute({ id: `m${n}`, municipalityId: 'lilla-edet' }, `+4670000000${n}`, evening));
    expect(answers).toEqual([null, null, null, 'SMS cap reached: 3 per municipality per day', 'SMS cap reached: 3 per municipality per day']);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.text).toMatch(/taket per kommun och dag/);
    // Another municipality is not held back by it.
    expect(await caps.execute({ id: 'other', municipalityId: 'ale' }, '+46700000009', evening)).toBeNull();
    // 00:30 in Stockholm is a new day there (though still 2026-06-10 in UTC).
    const nextDay = new Date('2026-06-10T22:30:00Z');
    expect(localDay(nextDay, 'Europe/Stockholm')).toBe('2026-06-11');
    expect(await caps.execute({ id: 'm5', municipalityId: 'lilla-edet' }, '+46700000005', nextDay)).toBeNull();
  });
});
