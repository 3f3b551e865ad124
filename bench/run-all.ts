/**
 * `npm run bench`: every benchmark in bench/, one after the other (they start their own server
 * processes and browsers, so running them side by side would measure each other). vote-burst
 * and graph-usage write their sections of BENCHMARKS.md; case-flow and protocol-pdf print theirs.
 */
import { spawnSync } from 'node:child_process';

const runs: [script: string, args: string[]][] = [
  ['bench/vote-burst.ts', []],
  ['bench/graph-usage.ts', ['--write']],
  ['bench/case-flow.ts', []],
  ['bench/protocol-pdf.ts', []],
];

for (const [script, args] of runs) {
  process.stdout.write(`\n==> ${script} ${args.join(' ')}\n`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'inherit' });
  if (res.status !== 0) {
    process.stderr.write(`${script} failed (exit ${res.status ?? res.signal})\n`);
    process.exit(1);
  }
}
