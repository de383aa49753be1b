import { mongo } from 'mongoose';
import { AuditTrail } from './audit-trail';

export interface VerifyTarget {
  readonly url: string;
  readonly collection: string;
}

const USAGE = 'usage: npm run audit:verify -- [<service>] [--mongo-url <url>] [--collection audit]';

/**
 * Where to verify: `--mongo-url`, else MONGO_URL, else (given a service name) `$MONGO_URL_BASE/<service with _ for ->`
 * as deploy/local/services.sh names the databases. The collection is `audit_trail` unless `--collection` says otherwise.
 */
export function verifyTarget(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): VerifyTarget {
  let url: string | undefined;
  let collection = 'audit_trail';
  let service: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--mongo-url') url = value();
    else if (arg === '--collection') collection = value();
    else if (!arg.startsWith('--') && service === undefined) service = arg;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  url ??= env['MONGO_URL'] || (service && env['MONGO_URL_BASE'] ? `${env['MONGO_URL_BASE'].replace(/\/+$/, '')}/${service.replace(/-/g, '_')}` : undefined);
  if (!url) throw new Error(`no database: pass --mongo-url or set MONGO_URL (or MONGO_URL_BASE with a service name)\n${USAGE}`);
  if (!/^mongodb(\+srv)?:\/\//.test(url)) throw new Error(`--mongo-url must start with mongodb:// or mongodb+srv://\n${USAGE}`);
  return { url, collection };
}

/** Verifies one audit collection; the text to print and the exit code (0 intact, 1 broken). */
export async function verifyAudit(target: VerifyTarget): Promise<{ exitCode: 0 | 1; text: string }> {
  const client = await mongo.MongoClient.connect(target.url, { serverSelectionTimeoutMS: 5000 });
  try {
    const trail = new AuditTrail(client.db().collection(target.collection));
    const result = await trail.verify();
    const where = `${client.db().databaseName}.${target.collection}`;
    return result.ok
      ? { exitCode: 0, text: `OK: ${where} holds ${result.count} records, chain intact` }
      : { exitCode: 1, text: `BROKEN: ${where} at record ${result.brokenAt}: ${result.reason} (${result.count} records verified before it)` };
  } finally {
    await client.close();
  }
}
