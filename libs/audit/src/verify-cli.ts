import { verifyAudit, verifyTarget } from './verify-command';

// npm run audit:verify -- [<service>] [--mongo-url <url>] [--collection audit]: exit 0 intact, 1 broken, 2 unusable.
async function main(): Promise<number> {
  let target;
  try {
    target = verifyTarget(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const { exitCode, text } = await verifyAudit(target);
  process.stdout.write(`${text}\n`);
  return exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`audit:verify failed: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
