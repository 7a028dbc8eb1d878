import { existsSync } from 'node:fs';
import { ConfigError } from '../../server/src/infra/config/env.schema';
import { startDemo } from './demo';

/** `npm run demo`: the whole product on this machine with simulated devices (see README "Demo"). */
async function main(): Promise<void> {
  // As `npm start`: a `.env` in the working directory fills keys not already set in the environment.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const demo = await startDemo({ env: process.env });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping the demo\n`);
    demo.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee .env.example and README "Demo" for every setting.\n`);
  } else {
    process.stderr.write(
      `The demo failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
