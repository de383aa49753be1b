import { mongo } from 'mongoose';

type MongoClient = mongo.MongoClient;

/** A direct client for assertions on what a service stored (tests may look; services never read each other's data). */
export async function testMongo(): Promise<MongoClient> {
  const base = process.env['MONGO_URL_BASE'] ?? `mongodb://127.0.0.1:${process.env['MONGO_PORT'] ?? '27018'}`;
  return mongo.MongoClient.connect(base, { serverSelectionTimeoutMS: 5000 });
}

export function mongoUrl(database: string): string {
  const base = process.env['MONGO_URL_BASE'] ?? `mongodb://127.0.0.1:${process.env['MONGO_PORT'] ?? '27018'}`;
  return `${base}/${database}`;
}

/**
 * True when no document in any collection of the given databases holds an unpublished outbox event
 * (`outboxPending`) and none is a message still `queued` or `sending` (notifications), undefined otherwise: with
 * `consumerGroupsCaughtUp`, the signal that a flow has settled.
 */
export async function outboxesDrained(client: MongoClient, databases: readonly string[]): Promise<true | undefined> {
  for (const name of databases) {
    for (const c of await client.db(name).listCollections().toArray()) {
      const collection = client.db(name).collection(c.name);
      if ((await collection.countDocuments({ outboxPending: true })) > 0) return undefined;
      if ((await collection.countDocuments({ status: { $in: ['queued', 'sending'] } })) > 0) return undefined;
    }
  }
  return true;
}
