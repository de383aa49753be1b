import { randomBytes, randomUUID } from 'node:crypto';
import type { IdGenerator, LinkSecretGenerator } from '../application/ports';

/** Ids of registrations, persons, groups, members, nominations, signs: random UUIDs. */
export const randomId: IdGenerator = () => randomUUID();

/** A link's secret: 32 random bytes, base64url (43 characters); only its sha256 is stored. */
export const randomLinkSecret: LinkSecretGenerator = () => randomBytes(32).toString('base64url');
