import { z } from 'zod';
import { isAcceptableName, mailTextProblem } from '@trygg/values';

export const languageSchema = z.enum(['sv', 'en']);
/**
 * A person's name: THE name rule of @trygg/values (no link, line break, control or bidi character). Forms accept
 * 100 characters; events allow 200, the limit before the rule, so events written then stay readable.
 */
export const personNameSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((v) => isAcceptableName(v, 200), 'a name holds no link, email address, line break or control character');
/** A group's name, shown in messages: no link, line break or control character (`mailTextProblem` of @trygg/values). */
export const groupNameSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((v) => mailTextProblem(v, 200) === null, 'a group name holds no link, line break or control character');
export const emailSchema = z.email().max(254);
/** E.164, Swedish numbers normalised to +46… by the producer. */
export const mobileSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, e.g. +46701234567');
export const isoDateTime = z.iso.datetime({ offset: true });

/** The kinds of subject an onboarding process runs for. */
export const subjectKindSchema = z.enum(['member', 'contact-person', 'volunteer']);

/**
 * Subject fields handed to onboarding: only what the municipality's process steps declare they need
 * (e.g. birthYear for an age check). Flat and primitive on purpose: plug-ins in any language can read them.
 */
export const subjectFieldsSchema = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), z.union([z.string().max(500), z.number(), z.boolean()]));
