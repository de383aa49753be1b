import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long the walker's "Bekräfta ditt mobilnummer" link works after they confirmed their sign-up. */
export const WALKER_MOBILE_CAPABILITY_TTL_MS = 24 * 60 * 60 * 1000;

const VERSION = 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** version (1) + personId (16) + expiry in seconds since the epoch (4) + HMAC-SHA256 (32). */
const PAYLOAD_BYTES = 21;
const LENGTH = PAYLOAD_BYTES + 32;

export type WalkerCapabilityCheck = { ok: true; personId: string } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * The walker's authority to ask for and type back a code for their own mobile number, without a session: the web has
 * none for residents or walkers, and walkers have no self-service link. Issued on the page that answers the walker's
 * confirmation of their sign-up (which proved control of the inbox), carried in the URL
 * `/<municipality>/trygghetsvandring/mobil/<capability>`.
 *
 * The capability is one base64url segment (71 characters: the personId, an expiry, and an HMAC-SHA256 over them and
 * the municipality), so libs/observability's token redaction drops it from every logged URL, like the email links.
 * Another municipality's page, a changed byte or an expired capability is refused. The key is derived from
 * WEB_SESSION_SECRET (HMAC-SHA256 of the secret over a fixed label), so no new secret is needed, every instance of the
 * web agrees (CSRF_SECRET may be random per process) and the key that seals sessions is never used for anything else.
 */
export class WalkerMobileCapabilities {
  private readonly key: Buffer;

  constructor(
    sessionSecret: string,
    private readonly ttlMs = WALKER_MOBILE_CAPABILITY_TTL_MS,
  ) {
    if (Buffer.byteLength(sessionSecret) < 32) throw new Error('WEB_SESSION_SECRET must be at least 32 bytes');
    this.key = createHmac('sha256', sessionSecret).update('trygg-web:walker-mobile-capability:v1').digest();
  }

  issue(municipalityId: string, personId: string, now = Date.now()): string {
    if (!UUID.test(personId)) throw new Error('a walker capability needs the personId (a UUID)');
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    payload.writeUInt8(VERSION, 0);
    Buffer.from(personId.replaceAll('-', ''), 'hex').copy(payload, 1);
    payload.writeUInt32BE(Math.ceil((now + this.ttlMs) / 1000), 17);
    return Buffer.concat([payload, this.mac(municipalityId, payload)]).toString('base64url');
  }

  check(municipalityId: string, capability: string, now = Date.now()): WalkerCapabilityCheck {
    if (!/^[A-Za-z0-9_-]{60,80}$/.test(capability)) return { ok: false, reason: 'invalid' };
    const bytes = Buffer.from(capability, 'base64url');
    // Base64url has more than one spelling of the last bits: only the canonical one counts.
    if (bytes.length !== LENGTH || bytes.toString('base64url') !== capability) return { ok: false, reason: 'invalid' };
    const payload = bytes.subarray(0, PAYLOAD_BYTES);
    if (payload.readUInt8(0) !== VERSION || !timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), this.mac(municipalityId, payload))) return { ok: false, reason: 'invalid' };
    if (payload.readUInt32BE(17) * 1000 <= now) return { ok: false, reason: 'expired' };
    const hex = payload.subarray(1, 17).toString('hex');
    return { ok: true, personId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
  }

  private mac(municipalityId: string, payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(`walker-mobile\0${municipalityId}\0`).update(payload).digest();
  }
}
