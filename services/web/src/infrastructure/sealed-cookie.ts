import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { StaffSession, StaffRole } from '../domain/staff-session';

const VERSION = 'v1';

/**
 * Values the browser keeps for us but can neither read nor change: AES-256-GCM with a key derived from
 * WEB_SESSION_SECRET, a fresh 96-bit IV per value, the purpose (`session`, `sign-in`) as additional authenticated
 * data so a value sealed for one purpose never opens as another. Anything that does not open — edited, truncated,
 * another key, another purpose, not JSON — is `undefined`, never an error.
 */
export class SealedValues {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (Buffer.byteLength(secret) < 32) throw new Error('WEB_SESSION_SECRET must be at least 32 bytes');
    this.key = createHash('sha256').update('trygg-samverkan web cookie key\0').update(secret).digest();
  }

  seal(purpose: string, value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${VERSION}:${purpose}`));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  open(purpose: string, sealed: string | undefined): unknown {
    if (!sealed || sealed.length > 8000) return undefined;
    const [version, ivText, bodyText, ...rest] = sealed.split('.');
    if (version !== VERSION || !ivText || !bodyText || rest.length) return undefined;
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== 12 || body.length < 17) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(Buffer.from(`${VERSION}:${purpose}`));
      decipher.setAuthTag(body.subarray(body.length - 16));
      const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
}

const ROLES: ReadonlySet<string> = new Set<StaffRole>(['coordinator', 'police-officer', 'reviewer', 'municipal-role', 'data-protection-officer', 'admin']);
const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A StaffSession from an opened cookie, or undefined when it is not one (an old format, a bug). */
export function asStaffSession(value: unknown): StaffSession | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (!str(v['accessToken']) || !str(v['idToken']) || !str(v['organisation']) || !str(v['name'])) return undefined;
  if (!num(v['expiresAt']) || !num(v['createdAt']) || !num(v['lastSeenAt'])) return undefined;
  const roles = v['roles'];
  if (!Array.isArray(roles) || !roles.every((r) => str(r) && ROLES.has(r))) return undefined;
  if (v['municipalityId'] !== undefined && !str(v['municipalityId'])) return undefined;
  if (v['policeAreaId'] !== undefined && !str(v['policeAreaId'])) return undefined;
  return v as unknown as StaffSession;
}
