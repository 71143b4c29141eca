import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../test/harness.ts';
import { createDb, PREPARED, type Db } from './knex.ts';

// A query marked PREPARED runs as a named statement of its connection: parsed once, then bound
// again with new values. One of another text gets another name; unmarked queries stay unnamed.

describe('prepared statements', () => {
  let db: Db;
  before(async () => {
    db = createDb(await createTestDatabase(), 1); // one connection: every query sees the same session
  });
  after(() => db.destroy());

  const prepared = async (): Promise<Array<{ name: string; statement: string }>> =>
    (await db.raw(`select name, statement from pg_prepared_statements order by statement`)).rows;

  it('prepares a marked statement once per connection and binds each call anew', async () => {
    const sums = [];
    for (const n of [1, 2, 3]) sums.push((await db.raw('select ?::int + 1 as v', [n]).options(PREPARED)).rows[0].v);
    assert.deepEqual(sums, [2, 3, 4]);
    const after = await prepared();
    assert.equal(after.length, 1);
    assert.match(after[0]!.name, /^parley_[\w-]{24}$/);
    assert.match(after[0]!.statement, /select \$1::int \+ 1 as v/);
  });

  it('names each text apart, works for query builders and leaves unmarked queries unnamed', async () => {
    await db.raw('select ?::text as v', ['a']).options(PREPARED);
    const row = await db.select(db.raw('? as x', [7])).options(PREPARED).first();
    assert.equal(Number(row.x), 7);
    await db.raw('select ?::int * 2 as v', [5]);
    const names = await prepared();
    assert.equal(names.length, 3);
    assert.equal(new Set(names.map((n) => n.name)).size, 3);
    assert.ok(!names.some((n) => n.statement.includes('* 2')));
  });

  it('keeps working inside a transaction and after an error in the statement', async () => {
    await assert.rejects(db.raw('select 1 / ?::int as v', [0]).options(PREPARED), /division by zero/);
    const v = await db.transaction(async (trx) => (await trx.raw('select 1 / ?::int as v', [1]).options(PREPARED)).rows[0].v);
    assert.equal(v, 1);
  });
});
