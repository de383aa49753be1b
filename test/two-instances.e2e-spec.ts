import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { KafkaMessage } from 'kafkajs';
import type { mongo } from 'mongoose';
import { eventContracts } from '@trygg/contracts';
import { consumerGroupsCaughtUp, MailCatcherClient, mongoUrl, outboxesDrained, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';

// Issue 10, every service safe to run as two instances: TWO processes each of enrolment, onboarding, notifications
// and police-liaison on the same databases and the same consumer groups (fresh per run), while registrations,
// confirmations, coordinator and police decisions arrive on both (the HTTP target alternates, and some requests are
// sent to both at the same moment). Then, once everything has settled (outboxes drained, every message sent, every
// consumer group at the end of its topics): no lost update, no double placement, one confirmation mail per
// registration and no mail twice, one winner per police case and per coordinator step, every event of this run
// published once (distinct event ids) and handled once (one onboarding per member, one police case per request, …).
// Ale (members: email verification only; contact person: police approval then agreement) and Lilla Edet (members:
// email verification, then the coordinator). Ports 4800–4849, names `twin`.

const run = randomUUID().slice(0, 8);
const db = { enrolment: `twin_${run}_enrolment`, onboarding: `twin_${run}_onboarding`, notifications: `twin_${run}_notifications`, police: `twin_${run}_police` };
const group = (service: string) => `twin-${run}-${service}`;
// The service-to-service secrets (libs/auth: one per caller and purpose, read by the caller and the called service),
// fresh per run: notifications → enrolment's POST /internal/links, the web → notifications' preferences.
const internalSecrets = { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: randomBytes(32).toString('hex'), INTERNAL_SECRET_WEB_PREFERENCES: randomBytes(32).toString('hex') };
const WEB_PUBLIC_URL = 'http://127.0.0.1:4849'; // nothing listens there: the test reads the token from the mail
const allTopics = eventContracts.map((c) => c.type);
const kafka = testKafka();
const mail = new MailCatcherClient();

const pair = <T>(make: (k: 0 | 1) => T): [T, T] => [make(0), make(1)];
// Two processes of each service, made in beforeAll once the TestIdp listens: every process trusts its issuers
// (DEV_IDP_URL), where the coordinators and officers below get their tokens.
let enrolment: [ServiceProcess, ServiceProcess];
let onboarding: [ServiceProcess, ServiceProcess];
let notifications: [ServiceProcess, ServiceProcess];
let police: [ServiceProcess, ServiceProcess];
function makeProcesses(DEV_IDP_URL: string): ServiceProcess[] {
  enrolment = pair(
    (k) =>
      new ServiceProcess({
        service: 'enrolment',
        port: 4801 + k,
        env: { MONGO_URL: mongoUrl(db.enrolment), CONSUMER_GROUP: group('enrolment'), ...internalSecrets, WEB_PUBLIC_URL, DEV_IDP_URL, LOG_LEVEL: 'warn' },
      }),
  );
  onboarding = pair(
    (k) =>
      new ServiceProcess({
        service: 'onboarding',
        port: 4811 + k,
        env: { MONGO_URL: mongoUrl(db.onboarding), CONSUMER_GROUP: group('onboarding'), ...internalSecrets, DEV_IDP_URL, TIMER_INTERVAL_MS: '60000', LOG_LEVEL: 'warn' },
      }),
  );
  notifications = pair(
    (k) =>
      new ServiceProcess({
        service: 'notifications',
        port: 4821 + k,
        env: {
          MONGO_URL: mongoUrl(db.notifications),
          REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
          SMTP_URL: process.env['SMTP_URL'] ?? 'smtp://127.0.0.1:1025',
          NOTIFICATIONS_PUBLIC_URL: `http://127.0.0.1:${4821 + k}`,
          CONSUMER_GROUP: group('notifications'),
          QUEUE_PREFIX: group('notifications'), // one queue, worked by both instances
          RETRY_BASE_DELAY_MS: '200',
          ENROLMENT_URL: `http://127.0.0.1:${4802 - k}`, // each asks the other enrolment instance for links
          ...internalSecrets,
          DEV_IDP_URL,
          LOG_LEVEL: 'warn',
        },
      }),
  );
  police = pair(
    (k) =>
      new ServiceProcess({
        service: 'police-liaison',
        port: 4831 + k,
        env: { MONGO_URL: mongoUrl(db.police), CONSUMER_GROUP: group('police'), ...internalSecrets, DEV_IDP_URL, LOG_LEVEL: 'warn' },
      }),
  );
  return [...enrolment, ...onboarding, ...notifications, ...police];
}
let everyProcess: ServiceProcess[] = [];
/** deploy/local/round-robin.mts (what services.sh starts with SERVICE_INSTANCES > 1) in front of the two enrolments. */
const proxyUrl = 'http://127.0.0.1:4800';
let proxy: ChildProcess | undefined;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers and events of many shapes
type Json = any;

async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: Json = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

/** Other tests put poison messages on shared topics: anything unreadable is simply not ours. */
function eventOf(m: KafkaMessage): Json {
  try {
    return JSON.parse(m.value?.toString('utf8') ?? 'null') ?? {};
  } catch {
    return {};
  }
}

// Bearer tokens of the TestIdp (beforeAll): a coordinator of each municipality, three of Lilla Edet's who decide
// steps (two of them the same step at once), two officers of Ale's police area.
let idp: TestIdp;
const coordinators: Record<string, { authorization: string }> = {};
const deciders: Record<string, { authorization: string }> = {};
const officers: Record<string, { authorization: string }> = {};
const staff = (m: string) => coordinators[m]!;
const decider = (who: string) => deciders[who]!;
const officer = (id: string) => officers[id]!;

interface Resident {
  label: string;
  municipalityId: 'ale' | 'lilla-edet';
  email: string;
  address: { street: string; number: string; postcode: string };
  intent: 'join' | 'contact-person';
}

const ale = (label: string, number: number, intent: Resident['intent'] = 'join'): Resident => ({
  label,
  municipalityId: 'ale',
  email: `twin-${run}-${label}@twin.example`,
  address: { street: 'Ale torg', number: String(number), postcode: '449 30' },
  intent,
});
const lillaEdet = (label: string, number: number): Resident => ({
  label,
  municipalityId: 'lilla-edet',
  email: `twin-${run}-${label}@twin.example`,
  address: { street: 'Storgatan', number: String(number), postcode: '463 30' },
  intent: 'join',
});

// Ale: six members, one who can be kontaktombud, and one who sends the form to both instances at the same moment.
const aleMembers = [1, 2, 3, 4, 5, 6].map((n) => ale(`ale${n}`, n));
const contact = ale('kontakt', 40, 'contact-person');
const duplicate = ale('dubbel', 41);
// Lilla Edet: four members the coordinator decides (one of them decided by two coordinators at once).
const leMembers = [1, 2, 3, 4].map((n) => lillaEdet(`le${n}`, n));
const residents = [...aleMembers, contact, duplicate, ...leMembers];

/** Topics whose events this run's aggregates cause, read from the beginning. */
const topics = [
  'enrolment.registration-submitted.v1',
  'enrolment.registration-confirmed.v1',
  'enrolment.member-joined.v1',
  'enrolment.member-left.v1',
  'enrolment.contact-person-nominated.v1',
  'onboarding.started.v1',
  'onboarding.step-requested.v1',
  'onboarding.step-completed.v1',
  'onboarding.completed.v1',
  'police.decision-recorded.v1',
] as const;

/** Nothing of this run left to publish, send or consume. */
async function everythingSettled(client: mongo.MongoClient): Promise<true | undefined> {
  if (!(await outboxesDrained(client, Object.values(db)))) return undefined;
  return consumerGroupsCaughtUp(kafka, ['enrolment', 'onboarding', 'notifications', 'police'].map(group), topics);
}

describe('every service as two instances on the same databases and consumer groups', () => {
  let client: mongo.MongoClient;
  const readers: Record<string, TopicReader> = {};

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    everyProcess = makeProcesses(idp.url);
    for (const m of ['ale', 'lilla-edet']) coordinators[m] = await idp.coordinator(m);
    for (const who of ['samordnare-a', 'samordnare-b', 'samordnare-c']) deciders[who] = await idp.coordinator('lilla-edet', who);
    for (const id of ['officer-a', 'officer-b']) officers[id] = await idp.officer('lpo-ale-kungalv', id);
    // Fresh consumer groups start at the end of the shared broker's topics (one join per group, in parallel).
    await Promise.all(['enrolment', 'onboarding', 'notifications', 'police'].map((s) => startGroupAtEnd(kafka, group(s), allTopics)));
    // The readers first (they create any topic a fresh broker lacks, so no consumer joins while a new partition still
    // elects its leader), then one instance of each service, then the second: all eight joining at once on two CPU
    // cores once kept one member out of its group past the 60 s readiness wait (each join waits for every member to
    // rejoin). What this test checks is two instances working at once, not starting at once.
    await Promise.all(topics.map(async (t) => (readers[t] = await new TopicReader(kafka, t).start())));
    for (const wave of [0, 1]) {
      await Promise.all([enrolment, onboarding, notifications, police].map((instances) => instances[wave]!.start({ readyTimeoutMs: 90_000 })));
    }
    proxy = spawn(process.execPath, [join(__dirname, '../deploy/local/round-robin.mts'), '--name', 'enrolment', '--listen', '4800', '--to', '4801,4802'], { stdio: 'ignore' });
  }, 240_000);

  afterAll(async () => {
    proxy?.kill();
    await Promise.all([...everyProcess.map((p) => p.stop()), ...Object.values(readers).map((r) => r.stop())]);
    await idp?.close();
    for (const name of Object.values(db)) await client.db(name).dropDatabase();
    await client.close();
  }, 60_000);

  it('loses no update, places once, mails once, decides once and handles every event once', async () => {
    const started = Date.now();
    // Every broken guarantee is collected and reported together at the end (what the flow needs to go on is asserted
    // at once).
    const problems: string[] = [];
    const check = (what: string, actual: unknown, expected: unknown) => {
      // (JSON, not a deep-equal: fetch's answers are objects of another realm than the test's)
      if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    };
    const at = (i: number) => enrolment[i % 2]!.url;

    // 1. The forms, alternating between the two enrolment instances; the duplicate to both at once.
    const form = (r: Resident) => ({ municipalityId: r.municipalityId, name: `Tvilling ${r.label}`, email: r.email, address: r.address, intent: r.intent });
    const single = residents.filter((r) => r !== duplicate);
    const submitted = await Promise.all([...single.map((r, i) => call(at(i), 'POST', '/registrations', form(r))), ...enrolment.map((e) => call(e.url, 'POST', '/registrations', form(duplicate)))]);
    expect(submitted.map((s) => s.status)).toEqual(submitted.map(() => 202));
    check('the form sent to both instances at once: registrations stored', await client.db(db.enrolment).collection('registrations').countDocuments({ email: duplicate.email }), 1);

    // 2. Each confirmation mail, then the link used — alternating, two of them opened on both instances at once.
    const tokens = await Promise.all(
      residents.map(async (r) => {
        const received = await waitFor(`the confirmation mail to ${r.label}`, async () => (await mail.messagesTo(r.email)).find((m) => m.subject.startsWith('Bekräfta din anmälan')), { timeoutMs: 30_000, intervalMs: 250 });
        return received.text.match(/\/grannsamverkan\/bekrafta\/([A-Za-z0-9_-]{20,})/)![1]!;
      }),
    );
    const twiceOpened = new Set([aleMembers[0]!, leMembers[0]!]);
    const confirmations = await Promise.all(
      residents.map(async (r, i) => {
        const body = { municipalityId: r.municipalityId, token: tokens[i] };
        if (!twiceOpened.has(r)) return [await call(at(i + 1), 'POST', '/confirmations', body)];
        return Promise.all(enrolment.map((e) => call(e.url, 'POST', '/confirmations', body)));
      }),
    );
    for (const [i, answers] of confirmations.entries()) {
      const statuses = answers.map((a) => a.status).sort();
      check(`${residents[i]!.label}: confirmation answers (link opened ${answers.length}× at once)`, statuses, twiceOpened.has(residents[i]!) ? [200, 410] : [200]);
      expect(answers.find((a) => a.status === 200)!.body).toMatchObject({ status: 'confirmed', placement: { kind: 'placed' } });
    }

    const registrations = await client.db(db.enrolment).collection('registrations').find({ email: { $in: residents.map((r) => r.email) } }).toArray();
    check('registrations stored (one per resident)', registrations.length, residents.length);
    const personOf = new Map(registrations.map((r) => [r['email'] as string, r['personId'] as string]));
    const persons = new Set(personOf.values());
    const mine = (m: KafkaMessage) => {
      const e = eventOf(m);
      return persons.has(e.payload?.personId) || persons.has(e.payload?.subject?.personId);
    };
    const ofPerson = (r: Resident) => personOf.get(r.email)!;

    // 3. Every member's onboarding instance (found on either onboarding instance).
    const instanceOf = async (r: Resident, kind: 'member' | 'contact-person', predicate: (i: Json) => boolean, what: string) => {
      let turn = 0;
      const subjectId = await waitFor(`the ${kind} subject of ${r.label}`, () => {
        const topic = kind === 'member' ? 'enrolment.member-joined.v1' : 'enrolment.contact-person-nominated.v1';
        const joined = readers[topic]!.messages.map(eventOf).find((e) => e.payload?.personId === ofPerson(r));
        return joined ? ((kind === 'member' ? joined.payload.memberId : joined.payload.nominationId) as string) : undefined;
      });
      return waitFor(
        `${r.label}: ${what}`,
        async () => {
          const res = await call(onboarding[turn++ % 2]!.url, 'GET', `/instances?subjectKind=${kind}&subjectId=${subjectId}`, undefined, staff(r.municipalityId));
          return res.status === 200 && predicate(res.body) ? (res.body as Json) : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    };

    // 4. Lilla Edet's coordinator decides on both onboarding instances; one step is decided by two coordinators at once.
    const leWaiting = await Promise.all(leMembers.map((r) => instanceOf(r, 'member', (i) => i.currentStepId === 'coordinator-check', 'waits for the coordinator')));
    const decide = (k: number, instanceId: string, outcome: 'approved' | 'rejected', who: string) =>
      call(onboarding[k % 2]!.url, 'POST', `/instances/${instanceId}/steps/coordinator-check/complete`, { outcome, ...(outcome === 'rejected' ? { reason: 'Fel område' } : {}) }, decider(who));
    const [raced, ...others] = leWaiting;
    const decisions = await Promise.all([
      decide(0, raced.id, 'approved', 'samordnare-a'),
      decide(1, raced.id, 'rejected', 'samordnare-b'),
      ...others.map((instance: Json, i: number) => decide(i, instance.id, i === 1 ? 'rejected' : 'approved', 'samordnare-c')),
    ]);
    // The race: both may be accepted (the instance moves when the answer comes back as an event), but one decides.
    expect(decisions.slice(2).map((d) => d.status)).toEqual([202, 202, 202]);
    check('the raced coordinator step: HTTP answers (202 or 409 each, at least one 202)', decisions.slice(0, 2).every((d) => [202, 409].includes(d.status)) && decisions.slice(0, 2).some((d) => d.status === 202), true);

    // 5. The police case of the contact person, decided by two officers at the same moment on the two instances.
    const contactWaiting = await instanceOf(contact, 'contact-person', (i) => i.currentStepId === 'police-approval', 'waits for the police');
    let turn = 0;
    const policeCase = await waitFor('the police case', async () => {
      const res = await call(police[turn++ % 2]!.url, 'GET', '/police-areas/lpo-ale-kungalv/cases', undefined, officer('officer-a'));
      return (res.body?.cases as Json[] | undefined)?.find((c) => c.instanceId === contactWaiting.id);
    });
    const policeAnswers = await Promise.all([
      call(police[0].url, 'POST', `/cases/${policeCase.id}/decision`, { outcome: 'approve', reason: 'Inga hinder' }, officer('officer-a')),
      call(police[1].url, 'POST', `/cases/${policeCase.id}/decision`, { outcome: 'reject', reason: 'Ändrat mig' }, officer('officer-b')),
    ]);
    check('two officers deciding one case at once: HTTP answers', policeAnswers.map((a) => a.status).sort(), [200, 409]);
    const policeWinner = policeAnswers.findIndex((a) => a.status === 200);
    const contactAfterPolice = await instanceOf(contact, 'contact-person', (i) => i.currentStepId !== 'police-approval', 'moves on after the police');
    check('the contact person’s onboarding after the police decision', contactAfterPolice.status, policeWinner === 0 ? 'running' : 'rejected');

    // 6. Everyone's last signal, then the whole system settled.
    await Promise.all([...aleMembers, duplicate, contact].map((r) => instanceOf(r, 'member', (i) => i.status === 'approved', 'member onboarding approved')));
    const leFinal = await Promise.all(leMembers.map((r) => instanceOf(r, 'member', (i) => i.status !== 'running', 'member onboarding decided')));
    await waitFor('outboxes drained, messages sent, consumers at the end', () => everythingSettled(client), { timeoutMs: 45_000, intervalMs: 500 });

    // --- No lost update, no double placement.
    const groupsOf = async (m: string, areaId: string) => {
      const list = await call(at(0), 'GET', `/staff/${m}/groups?areaId=${areaId}`, undefined, staff(m));
      expect(list.status).toBe(200);
      return Promise.all((list.body.groups as Json[]).map(async (g, i) => (await call(at(i + 1), 'GET', `/staff/${m}/groups/${g.id}`, undefined, staff(m))).body));
    };
    const placement = async (m: string, areaId: string, expected: Resident[]) => {
      const groups = await groupsOf(m, areaId);
      for (const g of groups) check(`${m}: group ${g.name}: memberCount = its members`, g.memberCount, g.members.length);
      const placed = groups.flatMap((g: Json) => (g.members as Json[]).map((x) => x.personId as string));
      const label = new Map(expected.map((r) => [ofPerson(r), r.label]));
      check(`${m}: the members of ${areaId} (each exactly once, nobody lost)`, placed.map((p: string) => label.get(p) ?? p).sort(), expected.map((r) => r.label).sort());
      check(`${m}: groups in ${areaId} (room for everyone in one: a race must not make a second)`, groups.map((g: Json) => `${g.name}: ${g.members.length}`), groups.slice(0, 1).map(() => `${groups[0].name}: ${expected.length}`));
      return groups;
    };
    const leRemaining = leMembers.filter((_, i) => leFinal[i].status === 'approved');
    check('Lilla Edet: at least the member the coordinator rejected is rejected', leFinal.some((i: Json) => i.status === 'rejected'), true);
    const aleGroups = await placement('ale', 'nodinge-centrum', [...aleMembers, contact, duplicate]);
    await placement('lilla-edet', 'centrum-ostra', leRemaining);
    check('ale: the nominations in the groups', aleGroups.flatMap((g: Json) => g.nominations as Json[]).map((n: Json) => n.personId), [ofPerson(contact)]);

    // --- Every event of this run published once (distinct event ids), and handled once.
    const ours = Object.fromEntries(topics.map((t) => [t, readers[t]!.messages.filter(mine).map(eventOf)])) as Record<(typeof topics)[number], Json[]>;
    const instanceIds = new Set(ours['onboarding.started.v1'].map((e) => e.payload.instanceId as string));
    const byInstance = (t: (typeof topics)[number]) => readers[t]!.messages.map(eventOf).filter((e) => instanceIds.has(e.payload?.instanceId));
    for (const t of ['onboarding.step-completed.v1', 'police.decision-recorded.v1'] as const) ours[t] = byInstance(t);
    for (const t of topics) check(`${t}: events of this run (distinct event ids)`, ours[t].length, new Set(ours[t].map((e) => e.eventId)).size);
    const count = (t: (typeof topics)[number], p: (e: Json) => boolean) => ours[t].filter(p).length;
    for (const r of residents) {
      const person = ofPerson(r);
      check(`${r.label}: registration-confirmed events`, count('enrolment.registration-confirmed.v1', (e) => e.payload.personId === person), 1);
      check(`${r.label}: member-joined events`, count('enrolment.member-joined.v1', (e) => e.payload.personId === person), 1);
      check(`${r.label}: member onboardings started`, count('onboarding.started.v1', (e) => e.payload.subject.personId === person && e.payload.subject.kind === 'member'), 1);
    }
    check('contact-person-nominated events', count('enrolment.contact-person-nominated.v1', () => true), 1);
    const labelOf = new Map(residents.map((r) => [ofPerson(r), r.label]));
    // (the shared broker also carries other tests' events, which these consumer groups see too: only ours count)
    const stored = (await client.db(db.onboarding).collection('instances').find({}, { projection: { kind: 1, subject: 1 } }).toArray()).filter((i) => labelOf.has(i['subject']?.personId));
    check(
      'onboarding instances stored (kind:resident)',
      stored.map((i) => `${i['kind'] ?? i['subject']?.kind}:${labelOf.get(i['subject']?.personId) ?? i['subject']?.personId}`).sort(),
      [...residents.map((r) => `member:${r.label}`), 'contact-person:kontakt'].sort(),
    );
    for (const id of instanceIds) {
      const requests = byInstance('onboarding.step-requested.v1').filter((e) => e.payload.instanceId === id);
      const keys = requests.map((e) => `${e.payload.stepId}#${e.payload.attempt}`);
      check(`instance ${id}: step requests (each step asked once)`, keys, [...new Set(keys)]);
      const answers = ours['onboarding.step-completed.v1'].filter((e) => e.payload.instanceId === id && e.payload.stepType === 'email-verification');
      check(`instance ${id}: email-verification answers`, answers.length, keys.some((k) => k.startsWith('verify-email#')) ? 1 : 0);
      check(`instance ${id}: onboarding.completed at most once`, count('onboarding.completed.v1', (e) => e.payload.instanceId === id) <= 1, true);
    }
    // The raced coordinator step: one answer applied (the timeline), one outcome, and the group agrees with it.
    const racedTimeline = await call(onboarding[1].url, 'GET', `/instances/${raced.id}/timeline`, undefined, staff('lilla-edet'));
    check('the raced coordinator step: answers applied', racedTimeline.body.timeline.filter((e: Json) => e.what === 'answered' && e.stepId === 'coordinator-check').length, 1);
    check('the raced coordinator step: onboarding.completed events', count('onboarding.completed.v1', (e) => e.payload.instanceId === raced.id), 1);
    const rejectedLe = leMembers.filter((_, i) => leFinal[i].status === 'rejected');
    check('member-left events (the rejected Lilla Edet members, once each)', ours['enrolment.member-left.v1'].map((e) => e.payload.personId).sort(), rejectedLe.map(ofPerson).sort());

    // The police case: one case, one decision, one answer to the step.
    check('police cases for the contact person’s request', await client.db(db.police).collection('cases').countDocuments({ instanceId: contactWaiting.id }), 1);
    check('police.decision-recorded events for the case', count('police.decision-recorded.v1', (e) => e.payload.caseId === policeCase.id), 1);
    check('step-completed events for police-approval', count('onboarding.step-completed.v1', (e) => e.payload.instanceId === contactWaiting.id && e.payload.stepId === 'police-approval'), 1);

    // --- Mail: one confirmation per registration-submitted event (the duplicate form may legitimately re-send it), no
    // other mail twice.
    for (const r of residents) {
      const received = await mail.messagesTo(r.email);
      const submittedEvents = count('enrolment.registration-submitted.v1', (e) => e.payload.personId === ofPerson(r));
      check(`${r.label}: confirmation mails = registration-submitted events`, received.filter((m) => m.subject.startsWith('Bekräfta din anmälan')).length, submittedEvents);
      check(`${r.label}: registration-submitted events (1; the form sent to both instances at once may re-send: 1 or 2)`, (r === duplicate ? [1, 2] : [1]).includes(submittedEvents), true);
      const others = received.filter((m) => !m.subject.startsWith('Bekräfta din anmälan')).map((m) => m.subject);
      check(`${r.label}: other mails, each once`, others, [...new Set(others)]);
    }
    console.log(`two instances: ${residents.length} residents through both instances of four services in ${((Date.now() - started) / 1000).toFixed(1)} s${problems.length ? `; problems:\n${problems.join('\n')}` : ''}`);
    expect(problems).toEqual([]);
  }, 180_000);

  it('the local round-robin proxy spreads requests over the instances and skips one that is gone', async () => {
    const through = async (method = 'GET', path = '/health/ready', body?: unknown) => {
      const res = await fetch(`${proxyUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, servedBy: res.headers.get('x-served-by') };
    };
    await waitFor('the proxy to listen', () => through().catch(() => undefined));
    const both = [await through(), await through()];
    expect(both.map((a) => a.status)).toEqual([200, 200]);
    expect(new Set(both.map((a) => a.servedBy))).toEqual(new Set(['127.0.0.1:4801', '127.0.0.1:4802']));

    await enrolment[1].kill();
    const after = [await through(), await through(), await through('POST', '/registrations', { municipalityId: 'ale' })];
    expect(after).toEqual([
      { status: 200, servedBy: '127.0.0.1:4801' },
      { status: 200, servedBy: '127.0.0.1:4801' },
      { status: 400, servedBy: '127.0.0.1:4801' },
    ]);
  }, 30_000);
});
