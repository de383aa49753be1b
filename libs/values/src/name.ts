import { z } from 'zod';

/**
 * THE rule for a person's name, and for other short free text that is put into emails and SMS (group names): a
 * name is shown to other people and written into messages the municipality sends, so it must never carry a link,
 * a line break or invisible characters that turn text around.
 */

/** Longest name a form accepts (characters, after trimming). */
export const NAME_MAX_LENGTH = 100;

/** Why a text is refused: `required` (empty), `too_long`, `control_characters`, `looks_like_link`, `invalid_name` (no letter). */
export type NameProblem = 'required' | 'too_long' | 'control_characters' | 'looks_like_link' | 'invalid_name';

/**
 * Control characters (incl. line breaks and tabs), line/paragraph separators, surrogates, private use and format
 * characters (bidi overrides and isolates U+202A–U+202E, U+2066–U+2069, zero-width space, BOM, soft hyphen…) —
 * except the zero-width joiner and non-joiner, which some scripts need inside names.
 */
const FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\p{Co}]|(?![\u200C\u200D])\p{Cf}/u;

/** What marks a link or markup in a name: @ : / \\ < > { } [ ] | =, `http`, `www.` (with any dot IDNA reads as one). */
const LINK_SIGNS = /[@:/\\<>{}[\]|=]|https?|www\s*[.。．｡]/iu;
/** The same for other text (a group's name may be "S:t Olofsgatan 1/3"): @ \\ < > { } |, `://`, `http`, `www.`. */
const TEXT_LINK_SIGNS = /[@\\<>{}|]|:\s*\/\/|https?|www\s*[.。．｡]/iu;
/** A dot with a word of two or more letters right after it, and a letter, digit or hyphen right before: `example.se`, `bankid-verify.com`, `x.xn--p1ai`. */
const DOMAIN = /[\p{L}\p{N}-][.。．｡](?:\p{L}{2,}|xn--)/iu;

/** Whitespace runs become one space; trimmed; composed (NFC). */
function tidyName(value: string): string {
  return value.normalize('NFC').replace(/[\p{Zs}]+/gu, ' ').trim();
}

/** Whether a text (already tidied, or not) holds something that looks like a URL, a domain or an email address. */
function looksLikeLink(value: string, signs: RegExp = LINK_SIGNS): boolean {
  // Compatibility forms (fullwidth letters and dots) and the joiners removed, so they cannot hide a domain.
  const folded = value.normalize('NFKC').replace(/[\u200C\u200D]/g, '');
  return signs.test(folded) || DOMAIN.test(folded);
}

/** Ordinary spaces and line breaks around a value are dropped; invisible characters there are not (`trim` would). */
function trimAsciiSpace(value: string): string {
  return value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

function hasForbiddenCharacters(value: string): boolean {
  return FORBIDDEN.test(value);
}

/**
 * The first problem of a name, or null when it is acceptable. Allows letters of any script (Å Ä Ö, é, ễ, Arabic,
 * Cyrillic…), spaces, hyphens, apostrophes, dots after initials ("J. Smith") and digits; refuses what
 * `hasForbiddenCharacters` and `looksLikeLink` find, and a name without a letter.
 */
export function nameProblem(value: string, max: number = NAME_MAX_LENGTH): NameProblem | null {
  if (hasForbiddenCharacters(trimAsciiSpace(value))) return 'control_characters';
  const name = tidyName(value);
  if (name.length === 0) return 'required';
  if (name.length > max) return 'too_long';
  if (looksLikeLink(name)) return 'looks_like_link';
  if (!/\p{L}/u.test(name)) return 'invalid_name';
  return null;
}

export function isAcceptableName(value: string, max: number = NAME_MAX_LENGTH): boolean {
  return nameProblem(value, max) === null;
}

/**
 * The first problem of other free text that goes into messages (a group's name): no control or format characters
 * and nothing that looks like a link; any characters otherwise (digits, punctuation, no letter needed).
 */
export function mailTextProblem(value: string, max: number): Exclude<NameProblem, 'invalid_name'> | null {
  if (hasForbiddenCharacters(trimAsciiSpace(value))) return 'control_characters';
  const text = tidyName(value);
  if (text.length === 0) return 'required';
  if (text.length > max) return 'too_long';
  if (looksLikeLink(text, TEXT_LINK_SIGNS)) return 'looks_like_link';
  return null;
}

export interface NameInputOptions {
  /** Longest accepted (default `NAME_MAX_LENGTH`). */
  max?: number;
  /** The message of a value that is not a string, or a function of the issue (absent → `required`) (default: zod's). */
  invalidType?: string | ((issue: { input?: unknown }) => string);
  /** A message per problem (default: the problem's code). */
  messages?: Partial<Record<NameProblem, string>>;
}

function textInput(check: (value: string, max: number) => NameProblem | null, options: NameInputOptions) {
  const max = options.max ?? NAME_MAX_LENGTH;
  const message = (p: NameProblem) => options.messages?.[p] ?? p;
  return z
    .string(options.invalidType === undefined ? undefined : { error: options.invalidType })
    .max(max * 4, { error: message('too_long'), abort: true })
    .superRefine((raw, ctx) => {
      const problem = check(raw, max);
      if (problem) ctx.addIssue({ code: 'custom', message: message(problem) });
    })
    .overwrite(tidyName);
}

/** A form or API field holding a person's name: `nameProblem` as a zod schema; the value comes out tidied (`tidyName`). */
export function personNameInput(options: NameInputOptions = {}) {
  return textInput(nameProblem, options);
}

/** A form or API field of other free text that is shown in messages (a group's name): `mailTextProblem` as a zod schema. */
export function mailTextInput(max: number, options: Omit<NameInputOptions, 'max'> = {}) {
  return textInput(mailTextProblem, { ...options, max });
}
