import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import type { mongo } from 'mongoose';
import {
  ContactPersonNominatedV1,
  createEvent,
  type EventEnvelope,
  type PayloadOf,
  MemberJoinedV1,
  OnboardingStepCompletedV1,
  VolunteerSignedUpV1,
} from '@trygg/contracts';
import { headersOf } from '@trygg/messaging';
import { produceRaw, testKafka, type TestIdp, waitFor } from '@trygg/testing';

// Shared by the onboarding integration tests. Everything here is this team's: ports 3300–3399, databases and
// consumer groups prefixed `onb`.

export const kafka = testKafka();

export async function send(...events: EventEnvelope[]): Promise<void> {
  await sendAs(null, ...events);
}

/** Sends as the named service would (its `producer` header; null: none), e.g. a step answer from police-liaison. */
export async function sendAs(producer: string | null, ...events: EventEnvelope[]): Promise<void> {
  for (const event of events) {
    await produceRaw(kafka, event.type, [{ key: (event.payload as { instanceId?: string }).instanceId ?? event.eventId, value: JSON.stringify(event), headers: headersOf(event, producer ?? undefined) }]);
  }
}

export function nomination(municipalityId: string, policeAreaId: string, fields: Record<string, string | number | boolean>) {
  return createEvent(
    ContactPersonNominatedV1,
    { municipalityId, correlationId: `onb-${randomUUID()}` },
    { nominationId: randomUUID(), personId: randomUUID(), groupId: randomUUID(), areaId: 'area-1', policeAreaId, subjectFields: fields },
  );
}

export function memberJoined(municipalityId: string, fields: Record<string, string | number | boolean>) {
  return createEvent(
    MemberJoinedV1,
    { municipalityId, correlationId: `onb-${randomUUID()}` },
    { memberId: randomUUID(), personId: randomUUID(), groupId: randomUUID(), areaId: 'area-1', subjectFields: fields },
  );
}

export function volunteerSignedUp(municipalityId: string, fields: Record<string, string | number | boolean>) {
  return createEvent(
    VolunteerSignedUpV1,
    { municipalityId, correlationId: `onb-${randomUUID()}` },
    { volunteerId: randomUUID(), personId: randomUUID(), organisationId: null, subjectFields: fields },
  );
}

export function stepCompleted(
  municipalityId: string,
  payload: Omit<PayloadOf<typeof OnboardingStepCompletedV1>, 'reason'> & { reason?: string | null },
) {
  return createEvent(OnboardingStepCompletedV1, { municipalityId, correlationId: `onb-${randomUUID()}` }, { reason: null, ...payload });
}

export interface InstanceJson {
  id: string;
  status: string;
  currentStepId: string | null;
  processVersion: number;
  steps: Array<{ id: string; status: string; attempt: number }>;
}

/**
 * Points the environments of service processes (before they start) at the suite's TestIdp: identity.yaml names
 * `${DEV_IDP_URL}/<municipality>` and `${DEV_IDP_URL}/polisen` as the issuers they trust.
 */
export function trustIdp(idp: TestIdp, ...envs: Array<Record<string, string>>): void {
  for (const env of envs) env['DEV_IDP_URL'] = idp.url;
}

/** Onboarding's staff API as a signed-in coordinator of the municipality (a token of the suite's TestIdp). */
export class OnboardingApi {
  constructor(
    readonly url: string,
    private readonly idp: () => TestIdp,
  ) {}

  async headers(municipalityId: string): Promise<Record<string, string>> {
    return { 'content-type': 'application/json', ...(await this.idp().coordinator(municipalityId)) };
  }

  /** Who a coordinator of the municipality is in the timeline and the audit trail (`issuer#sub`). */
  coordinatorId(municipalityId: string): string {
    return `${this.idp().issuer(municipalityId)}#samordnare.${municipalityId}`;
  }

  async bySubject(municipalityId: string, kind: string, subjectId: string): Promise<InstanceJson | undefined> {
    const res = await fetch(`${this.url}/instances?subjectKind=${kind}&subjectId=${subjectId}`, { headers: await this.headers(municipalityId) });
    return res.ok ? ((await res.json()) as InstanceJson) : undefined;
  }

  /** Waits until the subject's instance satisfies `predicate` (e.g. waits at a given step). */
  async waitFor(municipalityId: string, kind: string, subjectId: string, what: string, predicate: (i: InstanceJson) => boolean, timeoutMs = 30_000): Promise<InstanceJson> {
    return waitFor(what, async () => {
      const instance = await this.bySubject(municipalityId, kind, subjectId);
      return instance && predicate(instance) ? instance : undefined;
    }, { timeoutMs, intervalMs: 150 });
  }

  async complete(municipalityId: string, instanceId: string, stepId: string, body: Record<string, unknown>): Promise<Response> {
    return this.post(municipalityId, `/instances/${instanceId}/steps/${stepId}/complete`, body);
  }

  async post(municipalityId: string, path: string, body: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, { method: 'POST', headers: await this.headers(municipalityId), body: JSON.stringify(body) });
  }

  async get(municipalityId: string, path: string): Promise<Response> {
    return fetch(`${this.url}${path}`, { headers: await this.headers(municipalityId) });
  }
}

export function json(message: KafkaMessage): EventEnvelope & { payload: Record<string, unknown> } {
  return JSON.parse(message.value!.toString('utf8'));
}

export function isFor(instanceId: string) {
  return (m: KafkaMessage) => {
    try {
      return json(m).payload['instanceId'] === instanceId;
    } catch {
      return false;
    }
  };
}

/** Drops this suite's own databases so every run starts clean (they are ours: `onb_` prefix). */
export async function dropDatabases(client: mongo.MongoClient, names: string[]): Promise<void> {
  for (const name of names) {
    if (!name.startsWith('onb_')) throw new Error(`refusing to drop ${name}: not ours`);
    await client.db(name).dropDatabase();
  }
}

/** Waits until the instance's outbox is empty (everything published), e.g. before killing the service. */
export async function waitOutboxDrained(client: mongo.MongoClient, db: string, instanceId: string): Promise<void> {
  await waitFor(`instance ${instanceId} to have published its events`, async () => {
    const doc = await client.db(db).collection('instances').findOne({ _id: instanceId as never });
    return doc && doc['outboxPending'] === false ? true : undefined;
  });
}
