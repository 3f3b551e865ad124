/**
 * Benchmark: invoke latency of a vote burst. For 30, 60 and 250 voters, everyone presses a
 * vote button at the same moment against the real server process (`server/main.ts`, SQLite in
 * a temporary DATA_DIR) and the fake Bot Framework connector; each press's round trip
 * (`adaptiveCard/action` invoke → the presser's card) is timed. Three bursts per size (a first
 * vote, then everyone changes their ballot, then back). Prints p50/p95/p99 per size and
 * writes them into BENCHMARKS.md between its vote-burst markers.
 *
 *   npx tsx bench/vote-burst.ts            (npm run bench:votes)
 *   npx tsx bench/vote-burst.ts 30 60      (only some sizes; BENCHMARKS.md is then left alone)
 *
 * A measurement, not a test: it asserts nothing about time, only that every ballot counted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BotClient, cardText } from '../test/support/bot-client.js';
import { startE2E, waitFor } from '../test/support/roster-fixture.js';

const DEFAULT_SIZES = [30, 60, 250];
const ROUNDS = 3;
const CHOICES = ['bifall', 'avslag', 'bifall'] as const;
const ROOT = path.resolve(import.meta.dirname, '..');
const FILE = path.join(ROOT, 'BENCHMARKS.md');
const START = '<!-- vote-burst:start -->';
const END = '<!-- vote-burst:end -->';

interface Result {
  voters: number;
  presses: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Wall time of one burst, first press sent to last answer, median of the rounds. */
  burstMs: number;
  ballots: number;
  /** Updates of the shared decision card over all rounds. */
  cardUpdates: number;
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

async function ok(res: Promise<{ status: number; body: unknown }>, expect: string) {
  const r = await res;
  const text = cardText(BotClient.card(r));
  if (!text.includes(expect)) throw new Error(`unexpected answer: ${text.slice(0, 200)}`);
  return r;
}

async function measure(voters: number): Promise<Result> {
  const e2e = await startE2E({ members: voters, teamsMeetingId: `bench-${voters}` }, { CARD_UPDATE_INTERVAL_MS: '2000' });
  try {
    const f = e2e.fixture;
    const c = e2e.client;
    const press = (i: number, verb: string, data: Record<string, unknown>) =>
      c.post(c.action(f.members[i]!.user, verb, { meeting: f.meetingKey, ...data }));

    await c.post(c.message(f.chair.user, 'upprop'));
    for (let i = 0; i < voters; i += 50) {
      await Promise.all(f.members.slice(i, i + 50).map((_, j) => ok(press(i + j, 'rollcall.checkIn', {}), 'Du är incheckad.')));
    }
    await press(0, 'rollcall.close', {});
    await press(0, 'agenda.approve', {});
    await c.post(c.message(f.chair.user, 'beslut 33'));
    const card = await waitFor('the decision card', () => e2e.connector.cards().find((x) => cardText(x.card).includes('Punkt 33.'))?.id);

    const latencies: number[] = [];
    const bursts: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const choice = CHOICES[round]!;
      const t0 = performance.now();
      await Promise.all(
        f.members.map(async (_, i) => {
          const start = performance.now();
          await ok(press(i, 'decision.vote', { item: 33, choice }), 'Din röst är registrerad');
          latencies.push(performance.now() - start);
        }),
      );
      bursts.push(performance.now() - t0);
      // Let the shared card settle between bursts, as between real rounds of voting.
      const line = `${choice === 'bifall' ? `Bifall ${voters} · Avslag 0` : `Bifall 0 · Avslag ${voters}`}`;
      await waitFor('the shared count', () => {
        const a = e2e.connector.latest(card) as { attachments?: { content: unknown }[] } | undefined;
        return cardText(a?.attachments?.[0]?.content).includes(line);
      }, 30_000);
    }
    await new Promise((r) => setTimeout(r, 2500));
    const ballots = await e2e.readStore(async (store) => (await store.ballots.list({ field: 'decision', equals: `${f.meetingKey}|33` })).length);
    if (ballots !== voters) throw new Error(`${ballots} ballots stored for ${voters} voters`);
    const sorted = [...latencies].sort((a, b) => a - b);
    const round1 = (n: number) => Math.round(n * 10) / 10;
    return {
      voters,
      presses: latencies.length,
      p50: round1(percentile(sorted, 50)),
      p95: round1(percentile(sorted, 95)),
      p99: round1(percentile(sorted, 99)),
      max: round1(sorted.at(-1)!),
      burstMs: Math.round([...bursts].sort((a, b) => a - b)[Math.floor(bursts.length / 2)]!),
      ballots,
      cardUpdates: e2e.connector.updatesOf(card).length,
    };
  } finally {
    await e2e.stop();
  }
}

function machine(): string[] {
  const cpus = os.cpus();
  let nproc = String(os.availableParallelism());
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // not on this system: the count Node sees
  }
  return [
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${nproc} CPUs (\`nproc\`), ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}`,
    `- Node ${process.version}`,
    '- Command: `npx tsx bench/vote-burst.ts` (`npm run bench:votes`)',
  ];
}

function section(results: Result[]): string {
  return [
    START,
    '## Vote burst: invoke latency',
    '',
    'Every voter presses a vote button at the same moment; each `adaptiveCard/action` invoke is timed',
    'from the POST to `/api/messages` to the presser\'s card in the answer. The real server process',
    '(`server/main.ts`, SQLite store) and the fake Bot Framework connector run on the same machine;',
    `${ROUNDS} bursts per size (a vote, everyone changes it, and back), shared-card updates every 2 s.`,
    '',
    ...machine(),
    '',
    '| voters | presses | p50 ms | p95 ms | p99 ms | max ms | burst wall ms (median) | ballots stored | shared-card updates |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.voters} | ${r.presses} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.burstMs} | ${r.ballots} | ${r.cardUpdates} |`),
    END,
  ].join('\n');
}

function writeBenchmarks(text: string) {
  const existing = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n\nMeasured, never asserted in tests. Each section says how to run it again.\n';
  const s = existing.indexOf(START);
  const e = existing.indexOf(END);
  const next = s >= 0 && e > s ? existing.slice(0, s) + text + existing.slice(e + END.length) : `${existing.trimEnd()}\n\n${text}\n`;
  writeFileSync(FILE, next);
}

const args = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n >= 3);
const sizes = args.length ? args : DEFAULT_SIZES;
const results: Result[] = [];
for (const n of sizes) {
  const r = await measure(n);
  results.push(r);
  console.log(`${String(n).padStart(4)} voters: p50 ${r.p50} ms · p95 ${r.p95} ms · p99 ${r.p99} ms · max ${r.max} ms · burst ${r.burstMs} ms · ${r.ballots} ballots · ${r.cardUpdates} card updates`);
}
if (!args.length) {
  writeBenchmarks(section(results));
  console.log(`Wrote ${path.relative(process.cwd(), FILE)}`);
}
