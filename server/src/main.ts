import { existsSync } from 'node:fs';
import { startServer } from './bootstrap';
import { ConfigError } from './infra/config/env.schema';
import { startupBanner } from './startup-banner';

async function main(): Promise<void> {
  // A `.env` in the working directory fills keys not already set in the environment.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const server = await startServer(process.env);
  server.app.enableShutdownHooks();
  process.stdout.write(startupBanner(server));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
  } else {
    process.stderr.write(
      `Fleetward failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
