import type { mongo } from 'mongoose';
import { mongoUrl, outboxesDrained, waitFor } from '@trygg/testing';

type MongoClient = mongo.MongoClient;

/** The web's secret for notifications' /internal/* preferences API in integration tests (INTERNAL_SECRET_WEB_PREFERENCES). */
export const WEB_PREFERENCES_SECRET = 'ntf-int-web-preferences-secret-0123456789';
/** The headers the web sends to notifications' /internal/* preferences API. */
export const webCaller = { authorization: `Bearer ${WEB_PREFERENCES_SECRET}`, 'x-internal-caller': 'web' };

/**
 * The environment of a notifications process in an integration test: its own database, consumer group and queue
 * prefix (tests share Kafka, FerretDB and Redis with each other), fast retries, the web's preferences secret, and
 * whatever the test adds or overrides (SMTP, Redis, SMS provider, links API, `DEV_IDP_URL` of a TestIdp…). Defaults
 * reach the shared infrastructure of deploy/local.
 */
export function notificationsEnv(options: { port: number; database: string; group: string; env?: Record<string, string> }): Record<string, string> {
  return {
    MONGO_URL: mongoUrl(options.database),
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
    SMTP_URL: process.env['SMTP_URL'] ?? 'smtp://127.0.0.1:1025',
    NOTIFICATIONS_PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    CONSUMER_GROUP: options.group,
    // A fresh group per run; starting at the newest offset keeps it from replaying the shared broker's history.
    CONSUMER_FROM_BEGINNING: 'false',
    QUEUE_PREFIX: options.group,
    RETRY_BASE_DELAY_MS: '200',
    LOG_LEVEL: 'info',
    INTERNAL_SECRET_WEB_PREFERENCES: WEB_PREFERENCES_SECRET,
    ...options.env,
  };
}

/** Queue states in which a job may still run (and send). `completed` and `failed` are final. */
const PENDING_JOB_STATES = ['active', 'waiting', 'delayed', 'prioritized', 'paused', 'waiting-children'];

/**
 * True when a notifications process has nothing left to send, undefined otherwise: no message of its database is
 * `queued` or `sending` and no outbox event is unpublished (`outboxesDrained`), and neither channel queue holds a
 * job that may still run (GET /queues, as an admin: `admin` is their authorization header, e.g. from a TestIdp). For `waitFor` before asserting how many messages
 * went out: after it, a message that was not sent will not be (a retry would show as a delayed job, a second send
 * as a queued message).
 */
export async function nothingLeftToSend(client: MongoClient, database: string, serviceUrl: string, admin: { authorization: string }): Promise<true | undefined> {
  if (!(await outboxesDrained(client, [database]))) return undefined;
  const res = await fetch(`${serviceUrl}/queues`, { headers: admin });
  if (!res.ok) return undefined;
  const queues = (await res.json()) as Record<string, Record<string, number>>;
  return Object.values(queues).every((counts) => PENDING_JOB_STATES.every((state) => (counts[state] ?? 0) === 0)) || undefined;
}

/** Waits until the recipient document records the person as a member of the group (a MemberJoined event handled). */
export async function membershipRecorded(client: MongoClient, database: string, personId: string, groupId: string): Promise<void> {
  await waitFor(
    `the membership of ${personId} in ${groupId} to be recorded`,
    async () => ((await client.db(database).collection('recipients').countDocuments({ _id: personId as never, groupIds: groupId })) === 1 ? true : undefined),
    { timeoutMs: 20_000, intervalMs: 100 },
  );
}

/** Waits until the consumer group has recorded the event in the service's inbox (handled, not to be acted on again). */
export async function eventHandled(client: MongoClient, database: string, consumer: string, eventId: string): Promise<void> {
  await waitFor(
    `event ${eventId} in the inbox of ${consumer}`,
    async () => ((await client.db(database).collection('inbox').countDocuments({ consumer, eventId })) === 1 ? true : undefined),
    { timeoutMs: 20_000, intervalMs: 100 },
  );
}
