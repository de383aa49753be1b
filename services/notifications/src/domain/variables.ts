/**
 * Which `{{payload.…}}` paths an event's payload offers, read from its JSON Schema (generated from the zod
 * contract). Leaves are scalars (string, number, boolean, possibly nullable); records (free keys) offer any key;
 * lists are arrays of strings (not for templates: for a rule's `persons` target).
 */
export interface AvailableVariables {
  leaves: Set<string>;
  recordPrefixes: Set<string>;
  lists?: Set<string>;
}

type JsonSchema = {
  type?: string | string[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
};

function types(s: JsonSchema): string[] {
  const own = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const nested = [...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap(types);
  if (own.length === 0 && nested.length === 0 && (s.enum || s.const !== undefined)) return ['string'];
  return [...own, ...nested];
}

function objectsOf(s: JsonSchema): JsonSchema[] {
  if (s.properties || (s.type === 'object' && s.additionalProperties)) return [s];
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap(objectsOf);
}

export function variablesOfSchema(schema: JsonSchema, prefix: string, into: AvailableVariables = { leaves: new Set(), recordPrefixes: new Set() }): AvailableVariables {
  for (const object of objectsOf(schema)) {
    for (const [key, child] of Object.entries(object.properties ?? {})) {
      const path = `${prefix}.${key}`;
      if (objectsOf(child).length > 0) variablesOfSchema(child, path, into);
      if (types(child).some((t) => ['string', 'number', 'integer', 'boolean'].includes(t))) into.leaves.add(path);
      if (types(child).includes('array') && child.items && types(child.items).includes('string')) (into.lists ??= new Set()).add(path);
    }
    if (!object.properties && typeof object.additionalProperties === 'object') into.recordPrefixes.add(`${prefix}.`);
  }
  return into;
}

export function isAvailable(path: string, available: AvailableVariables): boolean {
  if (available.leaves.has(path)) return true;
  for (const p of available.recordPrefixes) if (path.startsWith(p) && path.length > p.length && !path.slice(p.length).includes('.')) return true;
  return false;
}

/** Is `path` a list of strings of the payload (a rule's `persons` target)? */
export function isList(path: string, available: AvailableVariables): boolean {
  return available.lists?.has(path) ?? false;
}
