import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin } from 'vite';

// The website chat widget, built apart from the dashboard into frontend/dist-widget/:
//   frame.html + assets/frame-<hash>.{js,css}  the frame page (served at /widget/frame, assets at /widget/assets/)
//   widget.js                                  the loader, a classic script with a FIXED name (the snippet names it)
// Run from the repo root: `vite build --config frontend/widget/vite.config.ts` (part of npm run build).
// The loader must be one IIFE with no imports, so it is a second build (library mode, iife) run
// once the frame's is written; the frame has no inline script or style (its CSP allows 'self' only).

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const outDir = here('../dist-widget');

function loaderBuild(): Plugin {
  return {
    name: 'parley-widget-loader',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          minify: true,
          lib: { entry: here('loader.ts'), formats: ['iife'], name: 'parleyWidgetLoader', fileName: () => 'widget.js' },
        },
      });
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: '/widget/',
  publicDir: false,
  plugins: [loaderBuild()],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // One entry and no dynamic imports: the preload polyfill would be dead weight.
    modulePreload: false,
    assetsInlineLimit: 0,
    rolldownOptions: { input: { frame: here('frame.html') } },
  },
});
