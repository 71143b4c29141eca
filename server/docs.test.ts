import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The repository explains itself: the README and docs/ link only to files inside it, and name the
// PM2 processes ecosystem.config.js really starts.
const DOCS = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

describe('README and docs/', () => {
  it('never point outside the repository', () => {
    for (const f of DOCS) assert.doesNotMatch(readFileSync(f, 'utf8'), /\.\.\/shared|\/work\/|shared\/design/, f);
  });

  it('link only to files that exist', () => {
    const broken: string[] = [];
    for (const f of DOCS) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(m[1])) continue; // https:, mailto:
        if (!existsSync(join(dirname(f), m[1]))) broken.push(`${f} -> ${m[1]}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('name the PM2 processes of ecosystem.config.js', () => {
    const names = [...readFileSync('ecosystem.config.js', 'utf8').matchAll(/name: '([\w-]+)'/g)].map((m) => m[1]);
    assert.deepEqual(names.sort(), ['parley', 'parley-web', 'parley-worker']);
    for (const f of ['README.md', 'docs/operations.md']) {
      const text = readFileSync(f, 'utf8');
      for (const n of names) assert.match(text, new RegExp(`\`${n}\``), `${f} names ${n}`);
    }
  });
});
