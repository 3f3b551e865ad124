/**
 * Benchmark: rendering the protocol of a 30-item meeting as PDF, HTML and DOCX. The meeting is
 * built through the domain service on an in-memory SQLite store (the fictional roster of
 * test/support/roster-fixture.ts with 25 seats): roll call with an ersättare serving, a late
 * arrival, 30 items with a page of text each, 20 decisions (ordinary votes and
 * inriktningsbeslut) with every ballot cast, reservations; then finalised and signed by the three
 * roles. Each format is rendered N times after a warm-up; prints median and p95 and the size.
 *
 *   npx tsx bench/protocol-pdf.ts [runs]      (default 25)
 *
 * A measurement, not a test: it asserts nothing about time.
 */
import { performance } from 'node:perf_hooks';
import { importDocument } from '../core/import/importer.js';
import { Samverkan, type Actor } from '../core/domain/service.js';
import { currentProtocol, finaliseProtocol, signProtocol, type ProtocolDocument } from '../core/domain/protocol.js';
import { openSqliteStore } from '../core/store/sqlite/sqlite-store.js';
import { rosterFixture, type FixtureAgendaItem } from '../test/support/roster-fixture.js';
import { renderProtocolDocx, renderProtocolHtml, renderProtocolPdf } from '../tab/export/index.js';

const RUNS = Number(process.argv[2] ?? 25);
const WARMUP = 3;
const ITEMS = 30;
const FIRST = 101;

const PARAGRAPH =
  'Ärendet har beretts i arbetsutskottet och i Beredning vuxna och äldre. Föredraganden redogjorde för bakgrunden, ' +
  'de ekonomiska förutsättningarna för region och kommuner och hur förslaget förhåller sig till färdplanen för nära vård. ' +
  'Under diskussionen lyftes frågor om ansvarsfördelning, uppföljning och hur huvudmännen förankrar beslutet i sina egna organisationer.';

function agenda(): FixtureAgendaItem[] {
  return Array.from({ length: ITEMS }, (_, i): FixtureAgendaItem => {
    const number = FIRST + i;
    if (i % 3 === 0) return { number, title: `Information om uppföljning av samverkansavtal, del ${i + 1}`, kind: 'information', presenter: 'Regional samverkanskoordinator' };
    const decision = i % 3 === 1 ? 'vote' : 'inriktningsbeslut';
    return { number, title: `Gemensam rutin för vård- och omsorgsplanering, del ${i + 1}`, kind: 'beslut', decision, presenter: 'AU', proposal: 'godkänna förslaget och rekommendera respektive huvudman att anta det' };
  });
}

async function buildProtocol(): Promise<ProtocolDocument> {
  const f = rosterFixture({ members: 25, absentWithSubstitute: 5, agenda: agenda() });
  const store = openSqliteStore(':memory:');
  const report = await importDocument(store, f.doc, { actor: 'import' });
  if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.errors)}`);
  const svc = new Samverkan(store);
  const key = f.meetingKey;
  const as = (person: string): Actor => ({ person, source: 'chat' });
  const chair = as(f.chair.key);
  const secretary = as(f.secretary.key);

  await svc.startRollCall(key, chair);
  const late = f.members[24]!;
  const present = [...f.members.filter((_, i) => i !== 5 && i !== 23 && i !== 24), f.substitute, f.secretary, f.official];
  for (const p of present) await svc.checkIn(key, p.key, as(p.key));
  await svc.closeRollCall(key, chair);
  await svc.approveAgenda(key, chair);
  for (let i = 0; i < ITEMS; i++) {
    const number = FIRST + i;
    const item = f.agenda[i]!;
    await svc.setItemText(key, number, `${PARAGRAPH}\n${PARAGRAPH}\n${PARAGRAPH}`, secretary);
    if (i > 0) await svc.nextItem(key, chair);
    if (i === 2) await svc.checkIn(key, late.key, as(late.key));
    if (item.kind !== 'beslut') continue;
    const d = await svc.openDecision(key, number, chair);
    const against = d.type === 'vote' ? 'avslag' : 'invandning';
    const forIt = d.type === 'vote' ? 'bifall' : 'bakom';
    for (const [n, e] of d.electorate.entries()) await svc.castBallot(key, number, e.person, n === 3 ? against : n === 4 ? 'avstar' : forIt, as(e.person));
    await svc.closeDecision(key, number, chair);
    const objector = d.electorate[3]!.person;
    await svc.reserve(key, number, objector, as(objector), 'Underlaget är ofullständigt.');
  }
  const t0 = Date.parse(f.doc.meetings ? (f.doc.meetings as { end: string }[])[0]!.end : new Date().toISOString());
  await finaliseProtocol(svc, key, secretary, new Date(t0).toISOString());
  for (const [p, minutes] of [[f.secretary, 10], [f.vice, 60], [f.chair, 120]] as const) {
    await signProtocol(svc, key, as(p.key), { email: `${p.key}@example.org`, aadObjectId: p.user.aadObjectId }, new Date(t0 + minutes * 60_000).toISOString());
  }
  const doc = await currentProtocol(svc, key);
  await store.close();
  return doc;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

async function measure(name: string, render: () => Promise<Buffer | string>) {
  let bytes = 0;
  for (let i = 0; i < WARMUP; i++) await render();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const out = await render();
    times.push(performance.now() - t);
    bytes = Buffer.byteLength(out);
  }
  times.sort((a, b) => a - b);
  return { name, median: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)!, bytes };
}

const doc = await buildProtocol();
const decisions = doc.items.filter((i) => i.decision).length;
const ballots = doc.items.reduce((n, i) => n + (i.decision?.ballots.length ?? 0), 0);
console.log(
  `Protocol: ${doc.items.length} items, ${decisions} decisions, ${ballots} ballots, ${doc.attendance.length} attendance rows, ` +
    `${doc.signatures.length} signatures, status ${doc.status}; ${RUNS} runs after ${WARMUP} warm-up, Node ${process.version}`,
);
const results = [
  await measure('PDF ', () => renderProtocolPdf(doc)),
  await measure('HTML', async () => renderProtocolHtml(doc)),
  await measure('DOCX', () => renderProtocolDocx(doc)),
];
console.log('format   median ms   p95 ms   max ms   bytes');
for (const r of results) {
  console.log(`${r.name}     ${r.median.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}   ${r.bytes}`);
}
