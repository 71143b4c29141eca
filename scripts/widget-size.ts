// `npm run size:widget` (after npm run build): the gzipped weight a visitor's browser downloads for
// the website chat widget: the loader (widget.js, on every page of the customer's site) and the
// frame's JS and CSS. Fails above the budget of issue 15 (30 kB in all; the loader alone 3 kB).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const WIDGET_DIST = 'frontend/dist-widget';
export const TOTAL_BUDGET = 30 * 1024;
export const LOADER_BUDGET = 3 * 1024;

export type WidgetFileSize = { file: string; bytes: number; gzip: number };
export type WidgetSizes = { files: WidgetFileSize[]; loaderGzip: number; totalGzip: number; problems: string[] };

const measure = (dir: string, file: string): WidgetFileSize => {
  const content = readFileSync(join(dir, file));
  return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
};

/** The sizes of widget.js and every JS and CSS file the frame loads; `problems` lists each budget overrun. */
export function widgetSizes(dir = WIDGET_DIST): WidgetSizes {
  const assets = readdirSync(join(dir, 'assets')).filter((f) => /\.(js|css)$/.test(f)).sort();
  const files = [measure(dir, 'widget.js'), ...assets.map((f) => measure(dir, `assets/${f}`))];
  const loaderGzip = files[0]!.gzip;
  const totalGzip = files.reduce((sum, f) => sum + f.gzip, 0);
  const problems: string[] = [];
  if (loaderGzip > LOADER_BUDGET) problems.push(`widget.js is ${loaderGzip} B gzipped, over its ${LOADER_BUDGET} B budget`);
  if (totalGzip > TOTAL_BUDGET) problems.push(`the widget is ${totalGzip} B gzipped in all, over the ${TOTAL_BUDGET} B budget`);
  return { files, loaderGzip, totalGzip, problems };
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} kB`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { files, totalGzip, problems } = widgetSizes();
    for (const f of files) console.log(`${f.file.padEnd(40)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzip).padStart(9)}`);
    console.log(`${'total'.padEnd(40)} ${''.padStart(10)}  gzip ${kb(totalGzip).padStart(9)}  (budget ${kb(TOTAL_BUDGET)})`);
    for (const p of problems) console.error(`size:widget: ${p}`);
    process.exit(problems.length ? 1 : 0);
  } catch (err) {
    console.error(`size:widget: ${(err as Error).message} (run npm run build first)`);
    process.exit(1);
  }
}
