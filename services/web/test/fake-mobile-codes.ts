import { notifications as notificationsContract } from '@trygg/http-contracts';
import type { MobileCodeAnswer, MobileCodeRequest, NotificationsApi, PreferencesResult } from '../src/application/notifications-api';

/**
 * TEST ONLY: notifications' port (NotificationsApi) for one person, with its mobile confirmation rules in small: one
 * code, 5 wrong answers, 3 codes. Answers checked against notifications' contract. Used by the "Bekräfta ditt
 * mobilnummer" specs (residents' and walkers').
 */
export class FakeMobileCodes implements NotificationsApi {
  constructor(
    private readonly municipalityId: string,
    private readonly personId: string,
  ) {}
  /** false: notifications has not heard of the person yet (a walker's contact details are on their way by event). */
  known = true;
  mobile: 'none' | 'unconfirmed' | 'confirmed' = 'unconfirmed';
  code: string | null = null;
  wrong = 0;
  codesSent = 0;
  expired = false;
  async broadcastReach() {
    return null;
  }
  async acknowledge() {
    return null;
  }
  async preferencesByLink(): Promise<PreferencesResult> {
    return { kind: 'not_found' };
  }
  async savePreferencesByLink(): Promise<PreferencesResult> {
    return { kind: 'not_found' };
  }
  async savePreferencesOfPerson(): Promise<PreferencesResult> {
    return { kind: 'not_found' };
  }
  async preferencesOfPerson(municipalityId: string, personId: string): Promise<PreferencesResult> {
    if (!this.knows(municipalityId, personId)) return { kind: 'not_found' };
    const view = notificationsContract.preferencesViewSchema.parse({
      municipalityId,
      language: 'sv',
      linkCategory: null,
      preferences: { channels: { email: true, sms: true }, categories: { urgent: true, information: true, reminders: true } },
      available: { email: true, sms: this.mobile === 'confirmed' },
      mobile: this.mobile,
      updatedAt: null,
    });
    return { kind: 'ok', view };
  }
  private knows(municipalityId: string, personId: string): boolean {
    return this.known && municipalityId === this.municipalityId && personId === this.personId;
  }
  async requestMobileCode(municipalityId = this.municipalityId, personId = this.personId): Promise<MobileCodeRequest | null> {
    if (!this.knows(municipalityId, personId)) return null;
    if (this.codesSent >= 3) return notificationsContract.mobileCodeRequestSchema.parse({ sent: false, reason: 'too-many-codes' });
    this.codesSent++;
    this.code = '246810';
    this.wrong = 0;
    return notificationsContract.mobileCodeRequestSchema.parse({ sent: true, expiresAt: new Date(Date.now() + 600_000).toISOString() });
  }
  async confirmMobileCode(municipalityId: string, personId: string, code: string): Promise<MobileCodeAnswer | null> {
    if (!this.knows(municipalityId, personId)) return null;
    const answer = (outcome: MobileCodeAnswer['outcome'], attemptsLeft = 0) => notificationsContract.mobileCodeAnswerSchema.parse({ outcome, attemptsLeft });
    if (!this.code) return answer('no-code');
    if (this.expired) return answer('expired');
    if (code === this.code) {
      this.mobile = 'confirmed';
      this.code = null;
      return answer('confirmed');
    }
    this.wrong++;
    if (this.wrong >= 5) {
      this.code = null;
      return answer('too-many-attempts');
    }
    return answer('wrong', 5 - this.wrong);
  }
}
