import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOADER_BUDGET, TOTAL_BUDGET, WIDGET_DIST, widgetSizes } from './widget-size.ts';

// The built widget (npm test builds first): within its size budget, and shaped as the server and
// the customers' pages need it: a classic loader with no imports, a frame page with no inline
// script or style (its CSP allows 'self' only) whose assets live under /widget/assets/.
const built = existsSync(join(WIDGET_DIST, 'widget.js')) && existsSync(join(WIDGET_DIST, 'frame.html'));
const skip = built ? false : 'frontend/dist-widget is not built (npm run build)';

describe('the built widget', () => {
  it('stays within its gzipped size budget (npm run size:widget)', { skip }, async () => {
    const sizes = widgetSizes();
    assert.deepEqual(sizes.problems, []);
    assert.ok(sizes.loaderGzip <= LOADER_BUDGET && sizes.totalGzip <= TOTAL_BUDGET);
    assert.ok(sizes.files.some((f) => f.file.endsWith('.css')) && sizes.files.some((f) => /^assets\/.+\.js$/.test(f.file)), 'frame JS and CSS measured');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/widget-size.ts']);
    assert.match(stdout, /widget\.js[\s\S]*total/);
  });

  it('has a loader that is one classic script, and a frame page that a strict CSP allows', { skip }, () => {
    const loader = readFileSync(join(WIDGET_DIST, 'widget.js'), 'utf8');
    assert.doesNotMatch(loader, /(^|[;}\s])(import|export)[\s{*]/, 'no module syntax in widget.js');
    assert.match(loader, /data-widget/);
    const html = readFileSync(join(WIDGET_DIST, 'frame.html'), 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /<style|\sstyle=/, 'no inline style');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(refs.length >= 2);
    for (const ref of refs) {
      assert.match(ref, /^\/widget\/assets\/[\w.-]+\.(js|css)$/);
      assert.ok(existsSync(join(WIDGET_DIST, ref.slice('/widget/'.length))), ref);
    }
    for (const file of readdirSync(join(WIDGET_DIST, 'assets')).filter((f) => f.endsWith('.js'))) {
      assert.doesNotMatch(readFileSync(join(WIDGET_DIST, 'assets', file), 'utf8'), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, file);
    }
  });
});
