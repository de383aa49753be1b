import { classifyPlan, constrainedFields, explainableCommand, type PlanVerdict, recordQueries, withMongoPrefixRule } from './explain';

// Sample plans as the two engines return them (trimmed to the parts that matter). FerretDB 2.5 samples were taken
// from the local FerretDB on DocumentDB; MongoDB samples follow the 7.0/8.0 explain format (classic and SBE).

const ferret = (plan: object) => ({
  queryPlanner: { Plan: plan },
  explainVersion: '1',
  command: { find: 'things', filter: { municipalityId: 'm1' }, $db: 'x' },
  serverInfo: { host: 'vm', port: 27018, version: '7.0.77', gitVersion: 'unknown', ferretdb: { version: 'v2.5.0' } },
  ok: 1,
});

const BSON_EQ = "(document OPERATOR(documentdb_api_catalog.@=) 'BSONHEX1c000000026d756e69636970616c697479496400030000006d310000'::documentdb_core.bson)";

const pgSeqScan = ferret({ 'Node Type': 'Seq Scan', 'Relation Name': 'documents_27', Alias: 'collection', 'Plan Rows': 1, Filter: BSON_EQ });

const pgBitmapOnUserIndex = ferret({
  'Node Type': 'Bitmap Heap Scan',
  'Relation Name': 'documents_31',
  'Recheck Cond': BSON_EQ,
  Plans: [{ 'Node Type': 'Bitmap Index Scan', 'Parent Relationship': 'Outer', 'Index Name': 'municipality_person', 'Index Cond': BSON_EQ }],
});

const pgIdLookup = ferret({
  'Node Type': 'Index Scan',
  'Relation Name': 'documents_35',
  'Index Name': '_id_',
  'Index Cond': "((shard_key_value = '35'::bigint) AND (object_id OPERATOR(documentdb_core.=) 'BSONHEX0f0000000200040000006964350000'::documentdb_core.bson))",
  Filter: BSON_EQ,
});

// DocumentDB walking the whole collection through its primary key: an index node, but a collection scan all the same.
const pgWholeCollectionThroughId = ferret({
  'Node Type': 'Bitmap Heap Scan',
  'Relation Name': 'documents_33',
  'Recheck Cond': "(shard_key_value = '33'::bigint)",
  Filter: "(document OPERATOR(documentdb_api_catalog.@=) 'BSONHEX13000000027374617475730002000000610000'::documentdb_core.bson)",
  Plans: [{ 'Node Type': 'Bitmap Index Scan', 'Index Name': '_id_', 'Index Cond': "(shard_key_value = '33'::bigint)" }],
});

const pgAggregate = ferret({
  'Node Type': 'Subquery Scan',
  Alias: 'agg_stage_1',
  Plans: [
    {
      'Node Type': 'Aggregate',
      Plans: [
        {
          'Node Type': 'Sort',
          Plans: [
            {
              'Node Type': 'Bitmap Heap Scan',
              'Relation Name': 'documents_35',
              Plans: [
                {
                  'Node Type': 'BitmapAnd',
                  Plans: [
                    { 'Node Type': 'Bitmap Index Scan', 'Index Name': 'municipality_broadcast', 'Index Cond': BSON_EQ },
                    { 'Node Type': 'Bitmap Index Scan', 'Index Name': 'municipality_created', 'Index Cond': BSON_EQ },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
});

const pgSeqScanUnderLimitAndSort = ferret({
  'Node Type': 'Limit',
  Plans: [{ 'Node Type': 'Sort', Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'documents_40', Filter: BSON_EQ }] }],
});

const mongoServer = { host: 'db', port: 27017, version: '7.0.14' };

const mongoIxscan = {
  explainVersion: '1',
  queryPlanner: {
    namespace: 'enrolment.registrations',
    parsedQuery: { $and: [{ municipalityId: { $eq: 'ale' } }, { personId: { $eq: 'p1' } }] },
    winningPlan: {
      stage: 'FETCH',
      inputStage: {
        stage: 'IXSCAN',
        keyPattern: { municipalityId: 1, personId: 1 },
        indexName: 'municipality_person',
        isMultiKey: false,
        direction: 'forward',
        indexBounds: { municipalityId: ['["ale", "ale"]'], personId: ['["p1", "p1"]'] },
      },
    },
    rejectedPlans: [{ stage: 'COLLSCAN', filter: {}, direction: 'forward' }],
  },
  command: { find: 'registrations', filter: { municipalityId: 'ale', personId: 'p1' }, $db: 'enrolment' },
  serverInfo: mongoServer,
  ok: 1,
};

const mongoCollscan = {
  explainVersion: '1',
  queryPlanner: {
    namespace: 'enrolment.link_tokens',
    parsedQuery: { expiresAt: { $lt: new Date(0) } },
    winningPlan: { stage: 'COLLSCAN', filter: { expiresAt: { $lt: new Date(0) } }, direction: 'forward' },
    rejectedPlans: [],
  },
  command: { find: 'link_tokens', filter: { expiresAt: { $lt: new Date(0) } }, $db: 'enrolment' },
  serverInfo: mongoServer,
  ok: 1,
};

// SBE (explainVersion 2): the plan is under winningPlan.queryPlan, beside the slot-based plan text.
const mongoSbeCollscan = {
  explainVersion: '2',
  queryPlanner: {
    winningPlan: {
      queryPlan: { stage: 'SORT', planNodeId: 2, sortPattern: { createdAt: -1 }, inputStage: { stage: 'COLLSCAN', planNodeId: 1, filter: { municipalityId: { $eq: 'ale' } } } },
      slotBasedPlan: { slots: '$$RESULT=s9', stages: '[2] sort [s5] ... [1] scan s6 s7 none none none none lowPriority [] @"uuid" true false' },
    },
    rejectedPlans: [],
  },
  serverInfo: mongoServer,
  ok: 1,
};

const mongoSbeIxscan = {
  explainVersion: '2',
  queryPlanner: {
    winningPlan: {
      queryPlan: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'status_due', keyPattern: { status: 1, nextDueAt: 1 }, indexBounds: { status: ['["running", "running"]'], nextDueAt: ['[-inf.0, 1764662400000]'] } } },
      slotBasedPlan: { stages: '...' },
    },
    rejectedPlans: [],
  },
  ok: 1,
};

// An aggregate whose $match runs in the query layer: the plan is inside the first stage's $cursor.
const mongoAggregate = {
  explainVersion: '1',
  stages: [
    {
      $cursor: {
        queryPlanner: {
          winningPlan: { stage: 'PROJECTION_SIMPLE', inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'municipality_broadcast', indexBounds: { municipalityId: ['["ale", "ale"]'], broadcastId: ['["b1", "b1"]'] } } } },
          rejectedPlans: [],
        },
      },
    },
    { $group: { _id: { channel: '$channel', status: '$status' }, count: { $sum: { $const: 1 } } } },
  ],
  ok: 1,
};

const mongoUpdate = {
  queryPlanner: {
    winningPlan: { stage: 'UPDATE', inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'municipality_person', indexBounds: { municipalityId: ['["ale", "ale"]'], personId: ['["p", "p"]'] } } } },
    rejectedPlans: [],
  },
  ok: 1,
};

const mongoIdHack = { queryPlanner: { winningPlan: { stage: 'IDHACK' }, rejectedPlans: [] }, ok: 1 };
const mongoExpress = { queryPlanner: { winningPlan: { isCached: false, stage: 'EXPRESS_IXSCAN', keyPattern: '{ _id: 1 }', indexName: '_id_' }, rejectedPlans: [] }, ok: 1 };

// The whole index read in order (only to sort): as costly as a collection scan.
const mongoFullIndexScan = {
  queryPlanner: {
    winningPlan: { stage: 'LIMIT', inputStage: { stage: 'FETCH', filter: { status: { $eq: 'a' } }, inputStage: { stage: 'IXSCAN', indexName: 'createdAt_1', indexBounds: { createdAt: ['[MaxKey, MinKey]'] } } } },
    rejectedPlans: [],
  },
  ok: 1,
};

const mongoSharded = {
  queryPlanner: {
    winningPlan: { stage: 'SHARD_MERGE', shards: [{ shardName: 'a', winningPlan: { stage: 'IXSCAN', indexName: 'x', indexBounds: { x: ['[1, 1]'] } } }, { shardName: 'b', winningPlan: { stage: 'COLLSCAN' } }] },
  },
  ok: 1,
};

const mongoEof = { queryPlanner: { winningPlan: { stage: 'EOF' }, rejectedPlans: [] }, ok: 1 };

describe('classifyPlan', () => {
  it.each([
    ['FerretDB: a bitmap scan of a user index', pgBitmapOnUserIndex, ['municipality_person']],
    ['FerretDB: an _id lookup', pgIdLookup, ['_id_']],
    ['FerretDB: an aggregate over two indexes (BitmapAnd)', pgAggregate, ['municipality_broadcast', 'municipality_created']],
    ['MongoDB: FETCH over IXSCAN (a rejected COLLSCAN does not count)', mongoIxscan, ['municipality_person']],
    ['MongoDB SBE: IXSCAN under queryPlan', mongoSbeIxscan, ['status_due']],
    ['MongoDB: an aggregate with the plan in $cursor', mongoAggregate, ['municipality_broadcast']],
    ['MongoDB: an update', mongoUpdate, ['municipality_person']],
    ['MongoDB 7: IDHACK', mongoIdHack, ['_id_']],
    ['MongoDB 8: EXPRESS_IXSCAN', mongoExpress, ['_id_']],
  ])('%s is served by an index', (_name, explain, indexes) => {
    const verdict = classifyPlan(explain);
    expect(verdict).toMatchObject({ kind: 'index', indexes });
  });

  it.each([
    ['FerretDB: Seq Scan', pgSeqScan, /Seq Scan on documents_27/],
    ['FerretDB: Seq Scan under Limit and Sort', pgSeqScanUnderLimitAndSort, /Seq Scan/],
    ['FerretDB: the _id_ index walked with only the shard key', pgWholeCollectionThroughId, /_id_ with Index Cond \(shard_key_value/],
    ['MongoDB: COLLSCAN', mongoCollscan, /COLLSCAN/],
    ['MongoDB SBE: COLLSCAN under SORT', mongoSbeCollscan, /COLLSCAN/],
    ['MongoDB: IXSCAN of the whole index', mongoFullIndexScan, /whole index createdAt_1/],
    ['MongoDB: one shard scanning', mongoSharded, /COLLSCAN/],
  ])('%s is a collection scan', (_name, explain, reason) => {
    const verdict = classifyPlan(explain);
    expect(verdict.kind).toBe('scan');
    expect(verdict.reason).toMatch(reason);
  });

  it('says unknown when nothing reads the collection (EOF, or no plan at all)', () => {
    expect(classifyPlan(mongoEof).kind).toBe('unknown');
    expect(classifyPlan({ ok: 1 }).kind).toBe('unknown');
    expect(classifyPlan(ferret({ 'Node Type': 'Result', 'One-Time Filter': 'false' })).kind).toBe('unknown');
  });

  it('tells the engines apart', () => {
    expect(classifyPlan(pgSeqScan).engine).toBe('postgresql');
    expect(classifyPlan(mongoCollscan).engine).toBe('mongodb');
  });

  it('is not fooled by a user field named like a plan key in the filter', () => {
    const explain = { queryPlanner: { winningPlan: { stage: 'COLLSCAN', filter: { stage: { $eq: 'IXSCAN' }, 'Node Type': { $eq: 'Index Scan' } } } } };
    expect(classifyPlan(explain).kind).toBe('scan');
  });
});

describe('the MongoDB prefix rule on FerretDB plans', () => {
  const servedBy = (index: string): PlanVerdict => ({ kind: 'index', engine: 'postgresql', indexes: [index], reason: `index ${index}` });
  const indexes = [
    { name: '_id_', key: { _id: 1 } },
    { name: 'municipality_person', key: { municipalityId: 1, personId: 1 } },
    { name: 'anonymisation_due', key: { municipalityId: 1, 'erasure.anonymiseAt': 1 }, partialFilterExpression: { status: 'erased' } },
  ];

  it('knows which fields a filter constrains in every match', () => {
    expect([...constrainedFields({ municipalityId: 'a', $or: [{ groupIds: 'g', x: 1 }, { areaIds: 'a', x: 2 }], $and: [{ y: { $lt: 3 } }] })].sort()).toEqual(['municipalityId', 'x', 'y']);
  });

  it('keeps an index plan when some index leads with a constrained field', () => {
    expect(withMongoPrefixRule(servedBy('municipality_person'), { municipalityId: 'ale', personId: 'p' }, indexes).kind).toBe('index');
  });

  it('calls it a scan when DocumentDB used a non-leading field that MongoDB could not', () => {
    const verdict = withMongoPrefixRule(servedBy('municipality_person'), { personId: 'p' }, indexes);
    expect(verdict.kind).toBe('scan');
    expect(verdict.reason).toMatch(/no index leads with a field the query constrains \(personId\)/);
  });

  it('counts a partial index only when the query implies its filter', () => {
    const onlyPartial = [indexes[0]!, indexes[2]!];
    expect(withMongoPrefixRule(servedBy('anonymisation_due'), { municipalityId: 'ale', 'erasure.anonymiseAt': { $lte: 1 } }, onlyPartial).kind).toBe('scan');
    expect(withMongoPrefixRule(servedBy('anonymisation_due'), { municipalityId: 'ale', status: 'erased' }, onlyPartial).kind).toBe('index');
  });
});

describe('explainableCommand', () => {
  it('builds the command each operation is explained with', () => {
    expect(explainableCommand('c', { op: 'findOne', filter: { a: 1 } })).toEqual({ find: 'c', filter: { a: 1 }, limit: 1, singleBatch: true });
    expect(explainableCommand('c', { op: 'deleteMany', filter: { a: 1 } })).toEqual({ delete: 'c', deletes: [{ q: { a: 1 }, limit: 0 }] });
    expect(explainableCommand('c', { op: 'updateOne', filter: { a: 1 }, update: { $set: { b: 1 } } })).toEqual({ update: 'c', updates: [{ q: { a: 1 }, u: { $set: { b: 1 } }, multi: false }] });
    expect(explainableCommand('c', { op: 'aggregate', pipeline: [{ $match: { a: 1 } }] })).toEqual({ aggregate: 'c', pipeline: [{ $match: { a: 1 } }], cursor: {} });
  });
});

describe('recordQueries', () => {
  it('records the filter, options and the cursor chain a caller builds, and forwards every call', async () => {
    const calls: unknown[][] = [];
    const cursor = {
      sort(s: unknown) {
        calls.push(['sort', s]);
        return this;
      },
      limit(n: unknown) {
        calls.push(['limit', n]);
        return this;
      },
      async toArray() {
        return [{ _id: 1 }];
      },
    };
    const fake = {
      collectionName: 'things',
      find: (filter: unknown, options: unknown) => (calls.push(['find', filter, options]), cursor),
      updateOne: async (filter: unknown, update: unknown) => (calls.push(['updateOne', filter, update]), { matchedCount: 1 }),
      insertOne: async (doc: unknown) => (calls.push(['insertOne', doc]), { acknowledged: true }),
    };
    const recorder = recordQueries(fake);
    expect(await recorder.collection.find({ a: 1 }, { projection: { _id: 1 } }).sort({ b: -1 }).limit(5).toArray()).toEqual([{ _id: 1 }]);
    await recorder.collection.updateOne({ _id: 1 }, { $set: { c: 1 } });
    await recorder.collection.insertOne({ _id: 2 });
    expect(recorder.take()).toEqual([
      { collection: 'things', query: { op: 'find', filter: { a: 1 }, projection: { _id: 1 }, sort: { b: -1 }, limit: 5 } },
      { collection: 'things', query: { op: 'updateOne', filter: { _id: 1 }, update: { $set: { c: 1 } } } },
    ]);
    expect(recorder.take()).toEqual([]);
    expect(calls.map((c) => c[0])).toEqual(['find', 'sort', 'limit', 'updateOne', 'insertOne']);
  });
});
