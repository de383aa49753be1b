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
