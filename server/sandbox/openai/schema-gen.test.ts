// Unit tests for the structured-output generator, checked by the independent validator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateFromSchema } from './schema-gen.ts';
import { validate } from './schema-check.ts';

const valid = (schema: Record<string, unknown>) => {
  const value = generateFromSchema(schema);
  assert.deepEqual(validate(schema, value), [], JSON.stringify(value));
  return value;
};

test('scalars: bounds, multipleOf, lengths, const, enum', () => {
  assert.equal(valid({ type: 'integer', minimum: 18, maximum: 99 }), 18);
  assert.equal(valid({ type: 'integer', exclusiveMinimum: 0 }), 1);
  assert.equal(valid({ type: 'number', maximum: -5 }), -5);
  assert.equal(valid({ type: 'number', minimum: 0.1, multipleOf: 0.25 }), 0.25);
  assert.equal(valid({ type: 'integer', exclusiveMaximum: 0 }), -1);
  assert.equal((valid({ type: 'string', minLength: 30 }) as string).length, 30);
  assert.equal(valid({ type: 'string', maxLength: 2 }), 'sa');
  assert.equal(valid({ const: 'lead' }), 'lead');
  assert.equal(valid({ type: 'string', enum: ['x', 'y'] }), 'x');
  assert.equal(valid({ type: 'boolean' }), true);
  assert.equal(valid({ type: 'null' }), null);
});

test('formats and patterns produce values real validators accept', () => {
  for (const format of ['email', 'date-time', 'date', 'uuid', 'uri']) valid({ type: 'string', format });
  assert.equal(valid({ type: 'string', pattern: '^\\+?[1-9]\\d{7,14}$' }), '+15555550123');
  assert.equal(valid({ type: 'string', pattern: '^[A-Z]{2}$' }), 'US');
  // Distinct array items even for formatted strings (uniqueItems).
  const emails = valid({ type: 'array', minItems: 3, uniqueItems: true, items: { type: 'string', format: 'email' } }) as string[];
  assert.equal(new Set(emails).size, 3);
});

test('nullable, anyOf, allOf, $ref and recursion', () => {
  assert.equal(typeof valid({ type: ['string', 'null'] }), 'string');
  assert.equal(typeof valid({ anyOf: [{ type: 'null' }, { type: 'integer' }] }), 'number');
  const merged = valid({ allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { properties: { b: { type: 'integer' } } }] });
  assert.deepEqual(Object.keys(merged as object).sort(), ['a', 'b']);
  const tree = {
    type: 'object',
    additionalProperties: false,
    required: ['root'],
    properties: { root: { $ref: '#/$defs/node' } },
    $defs: {
      node: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'child'],
        properties: { name: { type: 'string' }, child: { anyOf: [{ $ref: '#/$defs/node' }, { type: 'null' }] } },
      },
    },
  };
  // Recursion must terminate validly: deep down, null branches and empty arrays are taken.
  assert.ok(JSON.stringify(valid(tree)).includes('"child":null'));
  const forest = {
    type: 'object',
    properties: { root: { $ref: '#/$defs/n' } },
    $defs: { n: { type: 'object', properties: { kids: { type: 'array', items: { $ref: '#/$defs/n' } } }, required: ['kids'] } },
  };
  assert.ok(JSON.stringify(valid(forest)).includes('"kids":[]'));
});

test('objects include every property; arrays respect min/max items', () => {
  const v = valid({
    type: 'object',
    properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'integer' }, minItems: 0, maxItems: 0 }, c: { type: 'object', properties: {} } },
    required: ['a'],
  }) as Record<string, unknown>;
  assert.deepEqual(v, { a: 'sample a', b: [], c: {} });
});

test('deterministic: same schema, same value', () => {
  const schema = { type: 'object', properties: { x: { type: 'string' }, n: { type: 'number' }, t: { type: 'array', items: { enum: [1, 2] }, minItems: 2 } } };
  assert.deepEqual(generateFromSchema(schema), generateFromSchema(schema));
  assert.deepEqual(generateFromSchema(schema), { x: 'sample x', n: 1, t: [1, 2] });
});
