/**
 * Protected identity (skyddad identitet): one rule for every service that shows people. A person with protected
 * identity is shown as "Skyddad person" — name replaced, address, email and mobile left out — to everyone except
 * staff holding the `protected-identity` permission (municipalities/<id>/identity.yaml). The rest of the row stays,
 * so staff can still work the case. Each service decides from its verified principal's permissions, never from a
 * header or body; this module only applies the rule.
 */

/** The name shown instead of a protected person's (sv; the web's `en` says "Protected person"). */
export const PROTECTED_PERSON = 'Skyddad person';

/** The permission (identity.yaml `permissions:`) that lets staff see protected people in full. */
export const PROTECTED_IDENTITY_PERMISSION = 'protected-identity';

/** Does this viewer (a verified principal, or anything carrying its permissions) see protected people in full? */
export function seesProtectedIdentity(viewer: { readonly permissions: readonly string[] } | null | undefined): boolean {
  return viewer?.permissions.includes(PROTECTED_IDENTITY_PERMISSION) ?? false;
}

/** Which fields of a row name the person (replaced by "Skyddad person") and which identify them otherwise (emptied). */
export interface PersonFields<T> {
  readonly name?: readonly (keyof T)[];
  /** Set to null (street address, email, mobile, postcode…). */
  readonly clear?: readonly (keyof T)[];
}

/**
 * The row as this viewer may see it: unchanged unless the person is protected and the viewer may not see them; then
 * the `name` fields say "Skyddad person" and the `clear` fields are null. A new object; the input is not changed.
 */
export function redactPerson<T extends object>(row: T, isProtected: boolean, seesProtected: boolean, fields: PersonFields<T>): T {
  if (!isProtected || seesProtected) return row;
  const out = { ...row } as Record<string, unknown>;
  for (const key of fields.name ?? []) if (out[key as string] !== undefined && out[key as string] !== null) out[key as string] = PROTECTED_PERSON;
  for (const key of fields.clear ?? []) if (key in out) out[key as string] = null;
  return out as T;
}

type FieldValue = string | number | boolean;

/**
 * Subject fields (onboarding's flat, primitive fields: `name`, `birthYear`, …) as a viewer without the permission may
 * see a protected person's: every text field says "Skyddad person" (a text field may be a name, an address, an email
 * or anything else that identifies); numbers and booleans (a birth year for an age check, a yes/no) are kept.
 */
export function redactSubjectFields<T extends Record<string, FieldValue>>(fields: T, isProtected: boolean, seesProtected: boolean): T {
  if (!isProtected || seesProtected) return fields;
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? PROTECTED_PERSON : value])) as T;
}
