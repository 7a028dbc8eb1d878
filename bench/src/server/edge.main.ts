/**
 * The real edge (edge/src/main.ts `startEdge`, bearer-token mode) as a child process of the bench, for the full
 * poll cycle of part 4. Configured through its FLEETWARD_EDGE_* environment; prints one JSON line
 * `{ url, certificate }` on stdout once it listens, and closes on SIGTERM.
 */
import { startEdge } from '../edge-app';

async function main(): Promise<void> {
  const edge = await startEdge(process.env, { logger: false });
  process.stdout.write(`${JSON.stringify({ url: edge.url, certificate: edge.certificate })}\n`);
  const stop = (): void => {
    edge.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: [edge] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
