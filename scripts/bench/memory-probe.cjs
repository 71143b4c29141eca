// Preloaded into the servers bench:widget measures (node --expose-gc --require): on SIGUSR2 it
// collects garbage and writes process.memoryUsage() to memory-<pid>.json in MEMORY_PROBE_DIR, so
// the bench compares live memory after a full collection instead of a resident size that moves
// with the collector's mood.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

process.on('SIGUSR2', () => {
  global.gc?.();
  global.gc?.();
  writeFileSync(join(process.env.MEMORY_PROBE_DIR || '/tmp', `memory-${process.pid}.json`), JSON.stringify(process.memoryUsage()));
});
