/**
 * The case-flow picture with many cases: generates 2,000 and 10,000 cases with realistic steps
 * (beredning → LSG → Samråd → uppdrag back down → återrapport → avslutat) into a temporary SQLite
 * store beside the demo data, starts the real product on it, opens /tab/cases in Chromium and
 * measures
 *   - first draw: navigation start → the app's `case-flow-drawn` performance mark with every case
 *     path drawn (the mark the picture sets after a full draw), and
 *   - a filter change: choosing a body in the filter → the next full draw.
 * Prints the median of several runs. `npx tsx bench/case-flow.ts [sizes…]` (default 2000 10000).
 */
import { buildTab } from '../tab/build.js';
import { loadDemo } from '../core/demo/load.js';
import type { CaseOutcome } from '../core/domain/model.js';
import { openStore } from '../core/store/open.js';
import type { CaseFlow, DevUser } from '../tab/shared/api-types.js';
import { browserAvailable, launchBrowser, newContext } from '../test/support/browser.js';
import { startProduct, tempDataDir } from '../test/support/product.js';

const RUNS = 5;
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [2000, 10000];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return s / 4294967296;
  };
}

const TOPICS = ['Samordnad individuell plan', 'Psykisk hälsa', 'Hjälpmedel', 'Nära vård', 'Barnhälsovård', 'Äldreomsorg', 'Missbruk och beroende', 'Läkemedel', 'Habilitering', 'Suicidprevention'];
const KINDS = ['rutin', 'överenskommelse', 'handlingsplan', 'uppföljning', 'utredning', 'lägesrapport'];

async function seed(dataDir: string, n: number): Promise<void> {
  const store = await openStore({ kind: 'sqlite', dataDir });
  try {
    await loadDemo(store);
    const bodies = (await store.bodies.list()).map((b) => b.value);
    const top = bodies.find((b) => b.reportsTo === null)!;
    const middle = bodies.find((b) => b.reportsTo === top.key)!;
    const prep = bodies.filter((b) => b.reportsTo === middle.key);
    const random = rng(n);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const start = Date.parse('2023-01-10T09:00:00+01:00');
    const span = Date.parse('2026-11-01T09:00:00+01:00') - start;
    for (let i = 0; i < n; i++) {
      const key = `bench-${n}-${i}`;
      const origin = random() < 0.7 ? pick(prep) : middle;
      let t = start + Math.floor(random() * span * 0.9);
      const iso = () => new Date(t).toISOString();
      // A path through the structure: up for a decision, perhaps an uppdrag back down and a report.
      const plan: { body: string; outcome: CaseOutcome; toBody: string | null }[] = [{ body: origin.key, outcome: 'inkommet', toBody: null }];
      if (origin.key !== middle.key) plan.push({ body: origin.key, outcome: pick(['information', 'beslut'] as const), toBody: middle.key });
      plan.push({ body: middle.key, outcome: pick(['information', 'beslut', 'beslut'] as const), toBody: random() < 0.6 ? top.key : null });
      if (plan.at(-1)!.toBody === top.key) {
        plan.push({ body: top.key, outcome: 'beslut', toBody: null });
        if (random() < 0.5) {
          const down = pick([middle, ...prep]);
          plan.push({ body: top.key, outcome: 'uppdrag', toBody: down.key });
          plan.push({ body: down.key, outcome: 'återrapport', toBody: top.key });
        }
      }
      const closed = random() < 0.55;
      if (closed) plan.push({ body: plan.at(-1)!.toBody ?? plan.at(-1)!.body, outcome: 'avslutat', toBody: null });
      const openedAt = iso();
      await store.cases.create({
        key,
        title: `${pick(TOPICS)} – ${pick(KINDS)} ${i + 1}`,
        dnr: `HSN ${2023 + Math.floor(((t - start) / span) * 4)}/${1000 + i}`,
        originBody: origin.key,
        status: closed ? 'avslutat' : 'öppet',
        openedAt,
      });
      for (const [j, step] of plan.entries()) {
        if (j > 0) t += (20 + Math.floor(random() * 60)) * 86400_000;
        await store.caseEvents.create({ key: `${key}|${j}`, case: key, body: step.body, meeting: null, item: null, date: iso(), outcome: step.outcome, toBody: step.toBody, summary: `Steg ${j + 1}` });
      }
    }
  } finally {
    await store.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main() {
  if (!browserAvailable()) return;
  await buildTab();
  const browser = await launchBrowser();
  try {
    for (const n of SIZES) {
      const dataDir = tempDataDir();
      const seededAt = Date.now();
      await seed(dataDir, n);
      process.stdout.write(`\n${n} cases: seeded in ${((Date.now() - seededAt) / 1000).toFixed(1)} s\n`);
      const product = await startProduct({}, dataDir);
      try {
        const users = (await (await fetch(`${product.url}/api/dev/users`)).json()) as DevUser[];
        const user = users[0]!;
        const flow = (await (await fetch(`${product.url}/api/cases`, { headers: { 'X-Dev-User': user.aadObjectId } })).json()) as CaseFlow;
        const drawable = flow.cases.filter((c) => c.steps.length > 0).length;
        const body = flow.bodies.find((b) => b.reportsTo === null)!;
        const firstDraw: number[] = [];
        const filterDraw: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const context = await newContext(browser, { width: 1280, height: 900, devUser: user.aadObjectId });
          const page = await context.newPage();
          await page.goto(`${product.url}/tab/cases`);
          const drawnAt = await page.waitForFunction(
            (count) => {
              const m = performance.getEntriesByName('case-flow-drawn').find((e) => (e as PerformanceMark).detail?.cases === count);
              return m ? m.startTime : null;
            },
            drawable,
            { timeout: 120_000 },
          );
          firstDraw.push((await drawnAt.jsonValue()) as number);
          const before = await page.evaluate(() => ({ t: performance.now(), marks: performance.getEntriesByName('case-flow-drawn').length }));
          await page.getByLabel('Samverkansgrupp', { exact: true }).selectOption(body.key);
          const filteredAt = await page.waitForFunction(
            ({ marks, count }) => {
              const all = performance.getEntriesByName('case-flow-drawn');
              const m = all.slice(marks).find((e) => (e as PerformanceMark).detail?.cases !== count);
              return m ? m.startTime : null;
            },
            { marks: before.marks, count: drawable },
            { timeout: 120_000 },
          );
          filterDraw.push(((await filteredAt.jsonValue()) as number) - before.t);
          await context.close();
        }
        const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
        process.stdout.write(`${n} cases (+ demo = ${drawable} drawn): first draw ${fmt(firstDraw)}\n`);
        process.stdout.write(`${n} cases: filter change (body = ${body.name}) → redrawn ${fmt(filterDraw)}\n`);
      } finally {
        await product.stop();
      }
    }
  } finally {
    await browser.close();
  }
}

await main();
