// `npm run sim -- --port N ...`: the simulator as its own process (benchmarks, demos, e2e).
import { parseCliArgs, USAGE } from './cli-args.ts';
import { startSandbox } from './index.ts';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.help) {
    console.log(USAGE);
    return;
  }
  const running = await startSandbox(parsed.options);
  console.log(`Parley sandbox listening on ${running.url}`);
  console.log(`  Graph API base URL: ${running.graphUrl}`);
  console.log(`  OpenAI base URL:    ${running.url}/v1`);
  console.log(`  Control:            ${running.url}/control/knobs${parsed.options.controlToken ? ' (header X-Sandbox-Token required)' : ''}`);
  const stop = () => {
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
