import { describe, expect, it } from 'vitest';
import { kyselyAdapter } from '../../src/orm/kysely.js';
import type { OrmRead } from '../../src/orm/types.js';
import { adapterTests, applyEdit, projectionSummary, tableReadSummary } from './harness.js';

const { run, only, summary, project, remove } = adapterTests(kyselyAdapter, tableReadSummary);

const DB = `
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { Database } from './types';
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool() }) });
`;

describe('kysely: selects', () => {
  it('selectFrom().selectAll().execute(): a wildcard on the table', () => {
    const { s } = only(`${DB}
      app.get('/people', async (req, res) => {
        const people = await db.selectFrom('person').selectAll().where('active', '=', true).execute();
        res.json(people);
      });
    `);
    expect(s).toEqual({
      entity: 'person',
      kind: 'table',
      projection: { kind: 'wildcard' },
      relations: [],
      reportNode: 'selectAll',
      callText: "db.selectFrom('person').selectAll()",
      node: "db.selectFrom('person').selectAll().where('active', '=', true).execute()",
    });
  });

  it('executeTakeFirst / executeTakeFirstOrThrow are the read node', () => {
    const h = run(`${DB}
      const a = await db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
      const b = await db.selectFrom('person').select(['id']).where('id', '=', id).executeTakeFirstOrThrow();
    `);
    expect(h.result.reads.map((r) => h.sourceCode.getText(r.node).split('.').pop())).toEqual([
      'executeTakeFirst()',
      'executeTakeFirstOrThrow()',
    ]);
  });

  it(".select(['id', 'first_name']), .select('id'), aliases and expressions", () => {
    const h = run(`${DB}
      await db.selectFrom('person').select(['id', 'first_name as firstName']).execute();
      await db.selectFrom('person').select('id').execute();
      await db.selectFrom('person').select(['id', sql<string>\`concat(first_name, ' ', last_name)\`.as('full_name'), (eb) => eb.fn.count('id').as('n')]).execute();
    `);
    expect(h.result.reads.map((r) => [projectionSummary(r.projection), h.sourceCode.getText(r.reportNode)])).toEqual([
      [{ kind: 'fields', fields: ['id', 'first_name'] }, 'select'],
      [{ kind: 'fields', fields: ['id'] }, 'select'],
      [{ kind: 'fields', fields: ['id'] }, 'select'],
    ]);
  });

  it('select((eb) => [...]): fields unknown, an empty list that never reports', () => {
    const { s } = only(`${DB}
      await db.selectFrom('person').select((eb) => ['id', eb.ref('email').as('mail')]).execute();
    `);
    expect(s.projection).toEqual({ kind: 'fields', fields: [] });
  });

  it("selectAll('u') is a wildcard for that alias; joins are relation reads", () => {
    const h = run(`${DB}
      await db.selectFrom('person as p').innerJoin('pet', 'pet.owner_id', 'p.id').selectAll('p').select(['pet.name as pet_name']).execute();
      await db.selectFrom('person').innerJoin('pet', 'pet.owner_id', 'person.id').selectAll().execute();
      await db.selectFrom('person').leftJoin('pet as pt', 'pt.owner_id', 'person.id').selectAll('pt').select('person.id').execute();
    `);
    expect(h.result.reads.map((r) => [projectionSummary(r.projection), summary(h, r).relations])).toEqual([
      [{ kind: 'wildcard' }, [{ name: 'pet', entity: 'pet', projection: { kind: 'fields', fields: ['name'] } }]],
      [{ kind: 'wildcard' }, [{ name: 'pet', entity: 'pet', projection: { kind: 'wildcard' } }]],
      [{ kind: 'fields', fields: ['id'] }, [{ name: 'pt', entity: 'pet', projection: { kind: 'wildcard' } }]],
    ]);
  });

  it('jsonArrayFrom / jsonObjectFrom subqueries are relations under their alias', () => {
    const h = run(`${DB}
      import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
      await db
        .selectFrom('person')
        .select((eb) => [
          'id',
          jsonArrayFrom(eb.selectFrom('pet').selectAll().whereRef('pet.owner_id', '=', 'person.id')).as('pets'),
          jsonObjectFrom(eb.selectFrom('account').select(['account.id', 'account.api_key']).whereRef('account.person_id', '=', 'person.id')).as('account'),
        ])
        .execute();
    `);
    expect(h.result.reads).toHaveLength(1);
    const read = h.result.reads[0] as OrmRead;
    expect(read.relations.map((r) => ({ name: r.name, entity: r.entity?.name, projection: projectionSummary(r.projection), node: h.sourceCode.getText(r.node) }))).toEqual([
      { name: 'pets', entity: 'pet', projection: { kind: 'wildcard' }, node: "'pet'" },
      { name: 'account', entity: 'account', projection: { kind: 'fields', fields: ['id', 'api_key'] }, node: "'account'" },
    ]);
    // The subqueries are not reads of their own.
    expect(h.result.reads.map((r) => r.entity?.name)).toEqual(['person']);
  });

  it('json helpers not imported from kysely, or a subquery it cannot read, give no relation', () => {
    const h = run(`${DB}
      import { jsonArrayFrom } from './helpers';
      import { jsonObjectFrom } from 'kysely/helpers/postgres';
      await db
        .selectFrom('person')
        .select((eb) => [
          jsonArrayFrom(eb.selectFrom('pet').selectAll()).as('pets'),
          jsonObjectFrom(eb.selectFrom('account').select((x) => x.ref('id'))).as('account'),
          jsonObjectFrom(eb.selectFrom('account').selectAll()),
        ])
        .execute();
    `);
    expect((h.result.reads[0] as OrmRead).relations).toEqual([]);
  });

  it('a const column list in the same file', () => {
    const { s } = only(`${DB}
      const publicColumns = ['id', 'username'] as const;
      export const list = () => db.selectFrom('users').select(publicColumns).execute();
    `);
    expect(s.projection).toEqual({ kind: 'fields', fields: ['id', 'username'] });
  });

  it('with(...) prefixes and withSchema', () => {
    const h = run(`${DB}
      await db.with('active', (qb) => qb.selectFrom('person').select('id').where('active', '=', true)).selectFrom('person').selectAll().execute();
      await db.withSchema('tenant').selectFrom('account').selectAll().execute();
    `);
    expect(h.result.reads.map((r) => r.entity?.name)).toEqual(['person', 'account']);
  });
});

describe('kysely: returning', () => {
  it('returningAll() is a wildcard; returning([...]) fields; no returning, no read', () => {
    const h = run(`${DB}
      const created = await db.insertInto('person').values(req.body).returningAll().executeTakeFirstOrThrow();
      const updated = await db.updateTable('person').set({ first_name }).where('id', '=', id).returning(['id', 'first_name']).execute();
      const deleted = await db.deleteFrom('person').where('id', '=', id).returningAll().execute();
      await db.insertInto('person').values(row).execute();
    `);
    expect(h.result.reads.map((r) => [r.entity?.name, projectionSummary(r.projection), h.sourceCode.getText(r.reportNode)])).toEqual([
      ['person', { kind: 'wildcard' }, 'returningAll'],
      ['person', { kind: 'fields', fields: ['id', 'first_name'] }, 'returning'],
      ['person', { kind: 'wildcard' }, 'returningAll'],
    ]);
    expect(h.result.reads[0]?.callText).toBe("db.insertInto('person').values(req.body).returningAll()");
  });
});

describe('kysely: receivers', () => {
  it('a db imported from a database module', () => {
    const { s } = only(`
      import { db } from '../database';
      export async function findUser(id: number) { return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(); }
    `);
    expect(s.entity).toBe('users');
  });

  it('trx of db.transaction().execute()', () => {
    const h = run(`${DB}
      await db.transaction().execute(async (trx) => {
        const owner = await trx.insertInto('person').values(req.body).returningAll().executeTakeFirstOrThrow();
        return trx.selectFrom('pet').selectAll().where('owner_id', '=', owner.id).execute();
      });
    `);
    expect(h.result.reads.map((r) => r.callText)).toEqual([
      "trx.insertInto('person').values(req.body).returningAll()",
      "trx.selectFrom('pet').selectAll()",
    ]);
    expect(h.result.writes.map((w) => w.callText)).toEqual(["trx.insertInto('person').values()"]);
  });

  it('a NestJS repository with a Kysely<DB> member, and a Transaction<DB> parameter', () => {
    const h = run(`
      import { Injectable } from '@nestjs/common';
      import { Kysely, Transaction } from 'kysely';
      import { InjectKysely } from 'nestjs-kysely';
      import type { DB } from './db.types';
      @Injectable()
      export class UsersRepository {
        constructor(@InjectKysely() private readonly db: Kysely<DB>) {}
        findAll() { return this.db.selectFrom('users').selectAll().execute(); }
        inTx(trx: Transaction<DB>) { return trx.selectFrom('users').select(['id']).execute(); }
      }
    `);
    expect(h.result.reads.map((r) => r.callText)).toEqual(["this.db.selectFrom('users').selectAll()", "trx.selectFrom('users').select()"]);
  });

  it('context receivers in a file that imports kysely', () => {
    const { s } = only(`
      import { sql } from 'kysely';
      export default defineEventHandler(async (event) => event.context.db.selectFrom('users').selectAll().execute());
    `);
    expect(s.callText).toBe("event.context.db.selectFrom('users').selectAll()");
  });
});

describe('kysely: writes', () => {
  it('.values(x) on insertInto, .set(x) on updateTable', () => {
    const h = run(`${DB}
      export async function handlers(req, res) {
        await db.insertInto('person').values(req.body).execute();
        await db.updateTable('person').set(req.body).where('id', '=', req.params.id).execute();
        await db.updateTable('person').set((eb) => ({ age: eb('age', '+', 1) })).execute();
        await db.insertInto('person').values([{ ...req.body }]).execute();
      }
    `);
    expect(h.result.writes.map((w) => [w.callText, h.sourceCode.getText(w.value), w.entity?.name])).toEqual([
      ["db.insertInto('person').values()", 'req.body', 'person'],
      ["db.updateTable('person').set()", 'req.body', 'person'],
      ["db.insertInto('person').values()", '[{ ...req.body }]', 'person'],
    ]);
  });
});

describe('kysely: no evidence, lookalikes, odd code', () => {
  const cases: Record<string, string> = {
    'no kysely or db import': `
      const rows = await db.selectFrom('users').selectAll().execute();
    `,
    'a knex instance in a kysely file': `
      import { sql } from 'kysely';
      import knex from 'knex';
      const db = knex({ client: 'pg' });
      await db.selectFrom('users').selectAll().execute();
    `,
    'no terminal execute (a builder returned or stored)': `${DB}
      const query = db.selectFrom('users').selectAll();
      export const q = () => db.selectFrom('users').selectAll();
    `,
    'compile() and subqueries with as()': `${DB}
      const compiled = db.selectFrom('users').selectAll().compile();
      await db.selectFrom(db.selectFrom('users').selectAll().as('u')).select('u.id').execute();
    `,
    'no selection at all': `${DB}
      await db.selectFrom('users').where('id', '=', 1).execute();
    `,
    'dynamic table names and spread selections': `${DB}
      await db.selectFrom(table).selectAll().execute();
      await db.selectFrom('users').select(...cols).execute();
      await db.selectFrom('users').select(pickColumns(req)).execute();
    `,
    'a Map and an array in a kysely file': `${DB}
      const m = new Map(); m.set('a', 1); m.delete('a');
      [1, 2].find((x) => x > 1);
    `,
    'a typed parameter that is not Kysely': `
      import { sql } from 'kysely';
      import type { Knex } from 'knex';
      export const list = (db: Knex) => db.selectFrom('users').selectAll().execute();
    `,
    'a service method in a NestJS controller': `
      import { sql } from 'kysely';
      import { UsersService } from './users.service';
      export class C { constructor(private readonly users: UsersService) {} all() { return this.users.selectFrom('x'); } }
    `,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      const h = run(code);
      expect(h.result.reads).toEqual([]);
      expect(h.result.writes).toEqual([]);
    });
  }

  it('applies() is false without kysely or a db import', () => {
    expect(run(`import express from 'express';`).applies).toBe(false);
  });
});

describe('kysely: edits', () => {
  it("project() replaces selectAll() with select([...]), keeping selectAll('u')'s alias", () => {
    expect(project(`${DB}await db.selectFrom('person').selectAll().execute();`, ['id', 'first_name'])).toBe(
      `${DB}await db.selectFrom('person').select(['id', 'first_name']).execute();`,
    );
    expect(project(`${DB}await db.selectFrom('person as u').selectAll('u').execute();`, ['id'])).toBe(
      `${DB}await db.selectFrom('person as u').select(['u.id']).execute();`,
    );
  });

  it('project() qualifies with the main table when the query joins', () => {
    const code = `${DB}await db.selectFrom('person').innerJoin('pet', 'pet.owner_id', 'person.id').selectAll().execute();`;
    expect(project(code, ['id'])).toBe(`${DB}await db.selectFrom('person').innerJoin('pet', 'pet.owner_id', 'person.id').select(['person.id']).execute();`);
  });

  it('project() turns returningAll() into returning([...])', () => {
    const code = `${DB}await db.insertInto('person').values(row).returningAll().executeTakeFirstOrThrow();`;
    expect(project(code, ['id'])).toBe(`${DB}await db.insertInto('person').values(row).returning(['id']).executeTakeFirstOrThrow();`);
  });

  it('project() refuses a callback selection it cannot rewrite safely', () => {
    expect(project(`${DB}await db.selectFrom('person').select((eb) => ['id']).execute();`, ['id'])).toBeNull();
  });

  it('removeField() removes an array element, never the last one or a lone string', () => {
    const code = `${DB}await db.selectFrom('person').select(['id', 'password_hash']).execute();`;
    expect(remove(code, (p) => (p.kind === 'fields' ? p.fields[1] : undefined))).toBe(`${DB}await db.selectFrom('person').select(['id']).execute();`);
    const single = `${DB}await db.selectFrom('person').select(['password_hash']).execute();`;
    expect(remove(single, (p) => (p.kind === 'fields' ? p.fields[0] : undefined))).toBeNull();
    const lone = `${DB}await db.selectFrom('person').select('password_hash').execute();`;
    expect(remove(lone, (p) => (p.kind === 'fields' ? p.fields[0] : undefined))).toBeNull();
  });

  it("removeField() removes a joined table's column while the array keeps another item", () => {
    const code = `${DB}await db.selectFrom('person as p').innerJoin('pet', 'pet.owner_id', 'p.id').select(['p.id', 'pet.microchip_secret']).execute();`;
    const { read } = only(code);
    const rel = read.relations[0];
    const field = rel?.projection.kind === 'fields' ? rel.projection.fields[0] : undefined;
    expect(field?.name).toBe('microchip_secret');
    expect(applyEdit(code, (fixer) => read.edits.removeField!(field!, fixer))).toBe(
      `${DB}await db.selectFrom('person as p').innerJoin('pet', 'pet.owner_id', 'p.id').select(['p.id']).execute();`,
    );
  });

  it('kysely has no exclusion syntax', () => {
    const { read } = only(`${DB}await db.selectFrom('person').selectAll().execute();`);
    expect(read.edits.exclude).toBeUndefined();
  });
});
