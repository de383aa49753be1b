import type { mongo } from 'mongoose';

type Document = mongo.Document;

/**
 * Is a query served by an index? `explain` on the real database decides, on both engines we run on:
 *
 * - MongoDB 7/8: `queryPlanner.winningPlan` (also inside `$cursor` of an aggregate, `queryPlan` under SBE, `shards`).
 *   A `COLLSCAN` stage anywhere in it is a collection scan; so is an `IXSCAN` whose bounds are all `[MinKey, MaxKey]`
 *   (the whole index read, e.g. only for a sort).
 * - FerretDB 2 on PostgreSQL's DocumentDB: `queryPlanner.Plan` is PostgreSQL's JSON plan of the query on the
 *   collection's `documents_<n>` table. `Seq Scan` is a collection scan. So is an `Index Scan` / `Bitmap Index Scan`
 *   whose `Index Cond` names only `shard_key_value` (DocumentDB walks the primary key `_id_` of the whole collection
 *   that way); a real index use has a condition on `object_id` (the `_id`) or on `document` (any other field).
 *
 * FerretDB 2 cannot explain `update`, `delete` or `findAndModify` (code 238, NotImplemented): for those,
 * `explainQuery` explains the `find` with the same filter (and sort), which DocumentDB plans the same way.
 */
export type HotQuery =
  | { op: 'find'; filter: Document; sort?: Document; limit?: number; projection?: Document }
  | { op: 'findOne'; filter: Document; sort?: Document; projection?: Document }
  | { op: 'count'; filter: Document }
  | { op: 'updateOne' | 'updateMany'; filter: Document; update?: Document | Document[] }
  | { op: 'deleteOne' | 'deleteMany'; filter: Document }
  | { op: 'findOneAndUpdate' | 'findOneAndDelete'; filter: Document; update?: Document | Document[]; sort?: Document }
  | { op: 'aggregate'; pipeline: Document[] };

export interface PlanVerdict {
  /** `index`: served by an index; `scan`: reads the whole collection; `unknown`: no plan that reads it (e.g. EOF). */
  kind: 'index' | 'scan' | 'unknown';
  engine: 'mongodb' | 'postgresql' | 'unknown';
  /** The indexes the plan uses. */
  indexes: string[];
  reason: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Classifying a plan

/** Keys of an explain document that never hold the plan that runs (and may hold user fields named like plan keys). */
const NOT_THE_PLAN = new Set([
  'command', 'originalCommand', 'serverInfo', 'serverParameters', 'rejectedPlans', 'allPlansExecution', 'parsedQuery',
  'filter', 'indexBounds', 'keyPattern', 'multiKeyPaths', 'slotBasedPlan', 'executionStats', 'pipeline', 'Filter',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Every object under `value` (itself included) for which `match` holds, not descending into NOT_THE_PLAN keys. */
function collect(value: unknown, match: (node: Record<string, unknown>) => boolean, out: Array<Record<string, unknown>> = []) {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, match, out);
  } else if (isObject(value)) {
    if (match(value)) out.push(value);
    for (const [key, child] of Object.entries(value)) if (!NOT_THE_PLAN.has(key)) collect(child, match, out);
  }
  return out;
}

const MONGO_INDEX_STAGES = new Set([
  'IXSCAN', 'EXPRESS_IXSCAN', 'IDHACK', 'COUNT_SCAN', 'DISTINCT_SCAN', 'CLUSTERED_IXSCAN', 'EXPRESS_CLUSTERED_IXSCAN',
  'EXPRESS_UPDATE', 'EXPRESS_DELETE', 'TEXT_MATCH', 'GEO_NEAR_2D', 'GEO_NEAR_2DSPHERE',
]);

/** An IXSCAN that reads every key of its index: all bounds `[MinKey, MaxKey]` (or `[MaxKey, MinKey]` backwards). */
function unboundedIxscan(stage: Record<string, unknown>): boolean {
  if (stage['stage'] !== 'IXSCAN' || !isObject(stage['indexBounds'])) return false;
  const bounds = Object.values(stage['indexBounds']);
  return bounds.length > 0 && bounds.every((b) => Array.isArray(b) && b.length === 1 && /^\[(MinKey, MaxKey|MaxKey, MinKey)\]$/.test(String(b[0])));
}

function classifyMongo(explain: Document): PlanVerdict {
  const winning = collect(explain, (node) => isObject(node['winningPlan'])).map((node) => node['winningPlan']);
  const stages = winning.flatMap((plan) => collect(plan, (node) => typeof node['stage'] === 'string'));
  if (stages.length === 0) return { kind: 'unknown', engine: 'unknown', indexes: [], reason: 'no winningPlan (MongoDB) and no Plan (FerretDB/PostgreSQL) in the explain output' };
  const indexes = [...new Set(stages.filter((s) => MONGO_INDEX_STAGES.has(String(s['stage']))).map((s) => String(s['indexName'] ?? '_id_')))];
  const collscan = stages.find((s) => s['stage'] === 'COLLSCAN');
  if (collscan) return { kind: 'scan', engine: 'mongodb', indexes, reason: 'COLLSCAN in the winning plan' };
  const unbounded = stages.find(unboundedIxscan);
  if (unbounded) return { kind: 'scan', engine: 'mongodb', indexes, reason: `IXSCAN of the whole index ${String(unbounded['indexName'])} (all bounds [MinKey, MaxKey])` };
  if (indexes.length > 0) return { kind: 'index', engine: 'mongodb', indexes, reason: `index ${indexes.join(', ')}` };
  return { kind: 'unknown', engine: 'mongodb', indexes, reason: `no stage reads the collection (${[...new Set(stages.map((s) => String(s['stage'])))].join(', ')}); does it exist?` };
}

const PG_INDEX_NODES = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Index Scan']);

/** The index condition constrains something beyond DocumentDB's per-collection `shard_key_value`. */
function boundedIndexCond(cond: unknown): boolean {
  return typeof cond === 'string' && /\b(object_id|document)\b/.test(cond);
}

function classifyPostgres(nodes: Array<Record<string, unknown>>): PlanVerdict {
  const plan = nodes.flatMap((root) => collect(root, (node) => typeof node['Node Type'] === 'string'));
  const uniqueNodes = [...new Set(plan)];
  const seq = uniqueNodes.find((n) => n['Node Type'] === 'Seq Scan');
  const indexNodes = uniqueNodes.filter((n) => PG_INDEX_NODES.has(String(n['Node Type'])));
  const indexes = [...new Set(indexNodes.filter((n) => boundedIndexCond(n['Index Cond'])).map((n) => String(n['Index Name'])))];
  if (seq) return { kind: 'scan', engine: 'postgresql', indexes, reason: `Seq Scan on ${String(seq['Relation Name'] ?? 'the collection')}` };
  const unbounded = indexNodes.find((n) => !boundedIndexCond(n['Index Cond']));
  if (unbounded) {
    const cond = unbounded['Index Cond'] === undefined ? 'no Index Cond' : `Index Cond ${String(unbounded['Index Cond'])}`;
    return { kind: 'scan', engine: 'postgresql', indexes, reason: `${String(unbounded['Node Type'])} on ${String(unbounded['Index Name'])} with ${cond}: every document of the collection` };
  }
  if (indexes.length > 0) return { kind: 'index', engine: 'postgresql', indexes, reason: `index ${indexes.join(', ')}` };
  return { kind: 'unknown', engine: 'postgresql', indexes, reason: `no node reads the collection (${[...new Set(uniqueNodes.map((n) => String(n['Node Type'])))].join(', ')}); does it exist?` };
}

/** Decides from an `explain` result (MongoDB's or FerretDB 2's) whether the query is served by an index. */
export function classifyPlan(explain: Document): PlanVerdict {
  const pgRoots = collect(explain, (node) => typeof node['Node Type'] === 'string');
  return pgRoots.length > 0 ? classifyPostgres(pgRoots) : classifyMongo(explain);
}

// ---------------------------------------------------------------------------------------------------------------
// Running explain

const PLACEHOLDER_UPDATE = { $set: { __explained: true } };

function defined(fields: Record<string, unknown>): Document {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** The command `explain` wraps for this query. */
export function explainableCommand(collection: string, query: HotQuery): Document {
  switch (query.op) {
    case 'find':
      return defined({ find: collection, filter: query.filter, sort: query.sort, limit: query.limit, projection: query.projection });
    case 'findOne':
      return defined({ find: collection, filter: query.filter, sort: query.sort, limit: 1, singleBatch: true, projection: query.projection });
    case 'count':
      return { count: collection, query: query.filter };
    case 'updateOne':
    case 'updateMany':
      return { update: collection, updates: [{ q: query.filter, u: query.update ?? PLACEHOLDER_UPDATE, multi: query.op === 'updateMany' }] };
    case 'deleteOne':
    case 'deleteMany':
      return { delete: collection, deletes: [{ q: query.filter, limit: query.op === 'deleteOne' ? 1 : 0 }] };
    case 'findOneAndUpdate':
      return defined({ findAndModify: collection, query: query.filter, update: query.update ?? PLACEHOLDER_UPDATE, sort: query.sort });
    case 'findOneAndDelete':
      return defined({ findAndModify: collection, query: query.filter, remove: true, sort: query.sort });
    case 'aggregate':
      return { aggregate: collection, pipeline: query.pipeline, cursor: {} };
  }
}

/** The `find` that reads what a write or count reads (what FerretDB 2 can explain). */
function equivalentFind(collection: string, query: HotQuery): Document | null {
  switch (query.op) {
    case 'count':
    case 'updateMany':
    case 'deleteMany':
      return { find: collection, filter: query.filter };
    case 'updateOne':
    case 'deleteOne':
      return { find: collection, filter: query.filter, limit: 1 };
    case 'findOneAndUpdate':
    case 'findOneAndDelete':
      return defined({ find: collection, filter: query.filter, sort: query.sort, limit: 1 });
    default:
      return null;
  }
}

function notExplainable(error: unknown): boolean {
  const e = error as { code?: number; message?: string };
  // 238 NotImplemented (FerretDB 2: "explain for update command is not supported"), 59 CommandNotFound, 115 CommandNotSupported
  return e.code === 238 || e.code === 59 || e.code === 115 || /not (supported|implemented)/i.test(e.message ?? '');
}

export interface ExplainedQuery {
  verdict: PlanVerdict;
  /** The command that was explained: the query's own, or (`via: 'find'`) the find with the same filter. */
  command: Document;
  via: 'native' | 'find';
  explain: Document;
}

/** Explains the query on `collection` of `db` (queryPlanner verbosity: nothing runs). */
export async function explainQuery(db: mongo.Db, name: string, query: HotQuery): Promise<ExplainedQuery> {
  const command = explainableCommand(name, query);
  let explained: ExplainedQuery;
  try {
    const explain = await db.command({ explain: command, verbosity: 'queryPlanner' });
    explained = { verdict: classifyPlan(explain), command, via: 'native', explain };
  } catch (error) {
    const find = equivalentFind(name, query);
    if (!find || !notExplainable(error)) throw error;
    const explain = await db.command({ explain: find, verbosity: 'queryPlanner' });
    explained = { verdict: classifyPlan(explain), command: find, via: 'find', explain };
  }
  if (explained.verdict.engine === 'postgresql' && explained.verdict.kind === 'index') {
    explained.verdict = withMongoPrefixRule(explained.verdict, filterOf(query), await db.collection(name).listIndexes().toArray());
  }
  return explained;
}

/** The filter a query selects with (an aggregate's leading $match). */
export function filterOf(query: HotQuery): Document {
  if (query.op !== 'aggregate') return query.filter;
  const first = query.pipeline[0];
  return first && isObject(first['$match']) ? first['$match'] : {};
}

/** The fields a filter constrains in every document it can match: top-level fields, `$and`'s, and those of every `$or` branch. */
export function constrainedFields(filter: Document): Set<string> {
  const fields = new Set<string>();
  for (const [key, value] of Object.entries(filter)) {
    if (!key.startsWith('$')) fields.add(key);
    else if (key === '$and' && Array.isArray(value)) for (const part of value) for (const f of constrainedFields(part as Document)) fields.add(f);
    else if (key === '$or' && Array.isArray(value)) {
      const [first = new Set<string>(), ...rest] = value.map((branch) => constrainedFields(branch as Document));
      for (const f of first) if (rest.every((branch) => branch.has(f))) fields.add(f);
    }
  }
  return fields;
}

/**
 * DocumentDB's indexes answer a condition on any of their fields, MongoDB's only through a leading prefix: a plan that
 * FerretDB serves from `{ municipalityId, personId }` for `{ personId }` alone would be a COLLSCAN on MongoDB. So on
 * FerretDB an index plan counts only when some index of the collection has its leading field constrained by the query
 * (and, for a partial index, every field of its filter too) — an index MongoDB could use.
 */
export function withMongoPrefixRule(verdict: PlanVerdict, filter: Document, indexes: Document[]): PlanVerdict {
  const constrained = constrainedFields(filter);
  const usable = indexes.filter((index) => {
    const leading = Object.keys((index['key'] ?? {}) as Document)[0];
    const partial = (index['partialFilterExpression'] ?? {}) as Document;
    return leading !== undefined && constrained.has(leading) && [...constrainedFields(partial)].every((f) => constrained.has(f));
  });
  if (usable.length > 0) return verdict;
  const names = indexes.map((i) => `${String(i['name'])} ${JSON.stringify(i['key'])}`).join(', ');
  return {
    ...verdict,
    kind: 'scan',
    reason: `FerretDB used ${verdict.indexes.join(', ')}, but no index leads with a field the query constrains (${[...constrained].join(', ') || 'none'}); MongoDB would scan. Indexes: ${names}`,
  };
}

function show(value: unknown, max = 6000): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 1);
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** The plan part of an explain result (without the echoed command and server info). */
function planOf(explain: Document): unknown {
  return explain['queryPlanner'] ?? explain['stages'] ?? explain;
}

/**
 * Explains the query and throws, naming the collection, the query and the plan, unless an index serves it.
 * Returns the verdict (with the indexes used) otherwise.
 */
export async function expectIndexServed(db: mongo.Db, collection: string, query: HotQuery, label: string = query.op): Promise<PlanVerdict> {
  const explained = await explainQuery(db, collection, query);
  if (explained.verdict.kind === 'index') return explained.verdict;
  const what = explained.verdict.kind === 'scan' ? 'a collection scan' : 'not shown to use an index';
  throw new Error(
    [
      `${label} (collection ${collection}) is ${what}: ${explained.verdict.reason}`,
      `query (${query.op}): ${show(query)}`,
      `explained${explained.via === 'find' ? ' as the equivalent find' : ''}: ${show(explained.command)}`,
      `plan: ${show(planOf(explained.explain))}`,
    ].join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Recording what a repository asks of its collection

export interface RecordedQuery {
  collection: string;
  query: HotQuery;
}

export interface QueryRecorder<TCollection> {
  /** Give this to the repository instead of the collection: it forwards every call and records the reads and writes. */
  collection: TCollection;
  /** The recorded collection's name. */
  name: string;
  /** The queries recorded since the last call of `take`. */
  take(): RecordedQuery[];
}

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Wraps a collection so that the queries a repository method sends (filters, sorts, limits, pipelines) are recorded
 * as it builds them, and can then be explained: the test checks the repository's own query, not a copy of it.
 * Everything is forwarded to the real collection (the method runs as usual).
 */
export function recordQueries<TCollection extends { collectionName: string }>(collection: TCollection): QueryRecorder<TCollection> {
  let recorded: RecordedQuery[] = [];
  const name = collection.collectionName;
  const record = (query: HotQuery) => {
    const entry = { collection: name, query };
    recorded.push(entry);
    return entry;
  };
  const proxy = new Proxy(collection, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      const fn = (value as AnyFn).bind(target);
      switch (property) {
        case 'find':
          return (filter: Document = {}, options: Document = {}) => {
            const entry = record(defined({ op: 'find', filter, sort: options['sort'], limit: options['limit'], projection: options['projection'] }) as HotQuery);
            return chainRecording(fn(filter, options) as object, entry);
          };
        case 'findOne':
          return (filter: Document = {}, options: Document = {}) => {
            record(defined({ op: 'findOne', filter, sort: options['sort'], projection: options['projection'] }) as HotQuery);
            return fn(filter, options);
          };
        case 'countDocuments':
          return (filter: Document = {}, ...rest: unknown[]) => {
            record({ op: 'count', filter });
            return fn(filter, ...rest);
          };
        case 'updateOne':
        case 'updateMany':
          return (filter: Document, update: Document, ...rest: unknown[]) => {
            record({ op: property, filter, update });
            return fn(filter, update, ...rest);
          };
        case 'deleteOne':
        case 'deleteMany':
          return (filter: Document = {}, ...rest: unknown[]) => {
            record({ op: property, filter });
            return fn(filter, ...rest);
          };
        case 'findOneAndUpdate':
          return (filter: Document, update: Document, options: Document = {}) => {
            record(defined({ op: 'findOneAndUpdate', filter, update, sort: options['sort'] }) as HotQuery);
            return fn(filter, update, options);
          };
        case 'findOneAndDelete':
          return (filter: Document, options: Document = {}) => {
            record(defined({ op: 'findOneAndDelete', filter, sort: options['sort'] }) as HotQuery);
            return fn(filter, options);
          };
        case 'aggregate':
          return (pipeline: Document[] = [], ...rest: unknown[]) => {
            record({ op: 'aggregate', pipeline });
            return fn(pipeline, ...rest);
          };
        default:
          return fn;
      }
    },
  });
  return {
    collection: proxy,
    name,
    take() {
      const taken = recorded;
      recorded = [];
      return taken;
    },
  };
}

/** A find cursor whose `sort`, `limit` and `project` calls also land in the recorded query. */
function chainRecording(cursor: object, entry: RecordedQuery): object {
  const query = entry.query as Extract<HotQuery, { op: 'find' }>;
  const proxy: object = new Proxy(cursor, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      const fn = (value as AnyFn).bind(target);
      if (property === 'sort' || property === 'limit' || property === 'project') {
        return (arg: unknown, ...rest: unknown[]) => {
          if (property === 'sort') query.sort = arg as Document;
          else if (property === 'limit') query.limit = arg as number;
          else query.projection = arg as Document;
          fn(arg, ...rest);
          return proxy;
        };
      }
      return fn;
    },
  });
  return proxy;
}

/**
 * Runs `action` (a repository method) against a recorder's collection and requires every query it sent to be served
 * by an index. Returns what was checked, for a test that wants to assert more (e.g. the index used).
 */
export async function expectRecordedQueriesIndexServed(
  db: mongo.Db,
  recorder: Pick<QueryRecorder<unknown>, 'name' | 'take'>,
  label: string,
  action: () => Promise<unknown>,
): Promise<Array<{ query: HotQuery; verdict: PlanVerdict }>> {
  recorder.take();
  await action();
  const queries = recorder.take();
  if (queries.length === 0) throw new Error(`${recorder.name}: ${label} sent no query to this collection`);
  const checked: Array<{ query: HotQuery; verdict: PlanVerdict }> = [];
  for (const { query } of queries) checked.push({ query, verdict: await expectIndexServed(db, recorder.name, query, label) });
  // EXPLAIN_VERBOSE=1: which index served which query (e.g. to see what a new index changed).
  if (process.env['EXPLAIN_VERBOSE']) console.log(`${label}: ${checked.map((c) => `${c.query.op} → ${c.verdict.indexes.join('+')}`).join('; ')}`);
  return checked;
}

/** Runs `write` for every item, `size` at a time (seeding a few thousand documents through a repository quickly). */
export async function inBatches<T>(items: readonly T[], size: number, write: (item: T, index: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map((item, offset) => write(item, start + offset)));
  }
}
