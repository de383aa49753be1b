import type { z } from 'zod';
import type { enrolmentInput } from '@trygg/http-contracts';

/** A resident's registration form after validation by `enrolmentInput.registrationInput` (libs/http-contracts). */
export type RegistrationInput = z.output<typeof enrolmentInput.registrationInput>;

/** A self-service correction of one's own details after validation by `enrolmentInput.correctionInput`. */
export type CorrectionInput = z.output<typeof enrolmentInput.correctionInput>;
