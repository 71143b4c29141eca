import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCursor, encodeCursor, pageBySeq, renderTemplate, TemplateStore } from './templates.ts';

function store(n: number): TemplateStore {
  let id = 1000;
  const s = new TemplateStore(() => String(++id));
  for (let i = 1; i <= n; i++) s.add('W', { name: `t_${i}` });
  return s;
}

test('cursor round-trip and garbage cursors', () => {
  assert.equal(decodeCursor(encodeCursor(42)), 42);
  assert.equal(decodeCursor('bm9wZQ'), null);
});

test('pages over 250 templates with after cursors until hasNext is false', () => {
  const s = store(250);
  const seen: string[] = [];
  let after: number | null = null;
  let pages = 0;
  for (;;) {
    const p = pageBySeq(s.list('W'), { limit: 100, after });
    pages++;
    seen.push(...p.data.map((t) => t.name));
    if (!p.hasNext) break;
    after = decodeCursor(p.after!);
  }
  assert.equal(pages, 3);
  assert.equal(seen.length, 250);
  assert.equal(new Set(seen).size, 250);
});

test('deleting between page reads neither skips nor repeats the rest', () => {
  const s = store(10);
  const p1 = pageBySeq(s.list('W'), { limit: 4 });
  s.remove(p1.data[3].id); // the cursor's own item
  s.remove(s.find('W', 't_6', 'en_US')!.id);
  const p2 = pageBySeq(s.list('W'), { limit: 4, after: decodeCursor(p1.after!) });
  assert.deepEqual(p2.data.map((t) => t.name), ['t_5', 't_7', 't_8', 't_9']);
  assert.equal(p2.hasPrevious, true);
  const back = pageBySeq(s.list('W'), { limit: 2, before: decodeCursor(p2.before!) });
  assert.deepEqual(back.data.map((t) => t.name), ['t_2', 't_3']);
});

test('update keeps the lookup key in sync and upper-cases status/category', () => {
  const s = store(1);
  const t = s.find('W', 't_1', 'en-US')!;
  s.update(t.id, { status: 'paused', category: 'marketing', language: 'pt-BR' });
  assert.equal(s.find('W', 't_1', 'en_US'), undefined);
  assert.equal(s.find('W', 't_1', 'pt_BR')?.status, 'PAUSED');
  assert.equal(t.category, 'MARKETING');
});

test('renderTemplate: default fields, asked fields, id always a string and last', () => {
  const s = store(1);
  const t = s.list('W')[0];
  assert.deepEqual(Object.keys(renderTemplate(t, null)), ['name', 'parameter_format', 'components', 'language', 'status', 'category', 'id']);
  s.update(t.id, { quality_score: { score: 'GREEN', date: 1 } });
  assert.deepEqual(renderTemplate(t, ['status', 'quality_score', 'bogus']), { status: 'APPROVED', quality_score: { score: 'GREEN', date: 1 }, id: t.id });
});
