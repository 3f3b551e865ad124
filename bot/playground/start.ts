/**
 * `npm run playground`: the product plus the Microsoft 365 Agents Playground, so a new user can
 * run a roll call and a vote in a browser without a Teams tenant.
 *
 * 1. Prepares the store in DATA_DIR: the demo data (when empty) and a Länssamverkansgruppen
 *    meeting today with a short agenda, so there is always a meeting to link the chat to.
 * 2. Writes .m365agentsplayground.yml: the group chat holds six people of that roster (the
 *    chair is the current user), with their Entra object ids, so the bot knows who presses.
 * 3. Starts the server and the Playground (telemetry off) and stops both together.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadDemo } from '../../core/demo/load.js';
import { importDocument } from '../../core/import/importer.js';
import { openStore } from '../../core/store/open.js';
import type { Person } from '../../core/domain/model.js';
import { swedishDate, swedishOffset } from '../../core/domain/swedish-time.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PORT = Number(process.env.PORT ?? 3978);
const DATA_DIR = path.resolve(process.env.DATA_DIR ?? path.join(ROOT, 'data'));
const BODY = 'lsg';

async function prepareStore(): Promise<Person[]> {
  const store = await openStore({ kind: 'sqlite', dataDir: DATA_DIR });
  try {
    if (process.env.DEMO !== 'off') await loadDemo(store, { info: (m: string) => console.log(m) });
    const roster = (await store.memberships.list({ field: 'body', equals: BODY })).map((m) => m.value).sort((a, b) => a.order - b.order);
    if (roster.length === 0) throw new Error(`Playground: the store in ${DATA_DIR} has no ${BODY} roster (start with DEMO on, or import one).`);
    const now = new Date();
    const [day, offset] = [swedishDate(now.toISOString()), swedishOffset(now)];
    const key = `${BODY}-playground-${day}`;
    const chair = roster.find((m) => m.role === 'ordförande');
    const justerare = roster.find((m) => m.role === 'vice ordförande') ?? roster.find((m) => m.role === 'ledamot');
    const report = await importDocument(
      store,
      {
        meetings: [
          {
            key,
            body: BODY,
            dnr: `HSN 99-1-${day.slice(0, 4)}`,
            start: `${day}T09:00:00${offset}`,
            end: `${day}T10:00:00${offset}`,
            place: 'Teams (Agents Playground)',
            teamsMeetingId: null,
            justerare: justerare?.person ?? null,
            guests: [],
            agenda: [
              { number: 901, title: 'Godkännande av föredragningslista', kind: 'beslut', decision: 'acklamation', presenter: null, proposal: 'godkänna föredragningslistan' },
              { number: 902, title: 'Aktuellt i samverkan', kind: 'information', presenter: null },
              { number: 903, title: 'Gemensam rutin för utskrivning från slutenvård', kind: 'beslut', decision: 'vote', presenter: 'AU', proposal: 'anta den gemensamma rutinen för utskrivning' },
              { number: 904, title: 'Länsgemensam plan för barn och ungas psykiska hälsa', kind: 'beslut', decision: 'inriktningsbeslut', presenter: 'Beredning barn och unga', proposal: 'rekommendera respektive huvudman att anta planen' },
              { number: 905, title: 'Nästa möte', kind: 'information', presenter: null },
            ],
          },
        ],
      },
      { actor: 'system', source: 'import' },
    );
    if (!report.ok) throw new Error(`Playground: could not prepare today's meeting: ${report.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    // The chat: the chair (current user), the secretary and four members with a vote.
    const pick = [
      chair,
      roster.find((m) => m.role === 'sekreterare'),
      ...roster.filter((m) => ['vice ordförande', 'ledamot'].includes(m.role)).slice(0, 4),
    ].filter((m) => m !== undefined);
    const people: Person[] = [];
    for (const m of pick) {
      const p = await store.people.get(m.person);
      if (p?.value.aadObjectId) people.push(p.value);
    }
    console.log(`Playground: mötet "${key}" finns i ${DATA_DIR}; chatten har ${people.map((p) => p.name).join(', ')}.`);
    return people;
  } finally {
    await store.close();
  }
}

function writePlaygroundConfig(people: Person[]) {
  const user = (p: Person) => {
    const [given = p.name, ...rest] = p.name.split(' ');
    return [
      `  id: "29:${p.aadObjectId}"`,
      `  name: "${p.name}"`,
      `  userPrincipleName: "${p.email ?? `${p.key}@example.org`}"`,
      `  aadObjectId: "${p.aadObjectId}"`,
      `  givenName: "${given}"`,
      `  surname: "${rest.join(' ') || given}"`,
      `  email: "${p.email ?? `${p.key}@example.org`}"`,
    ].join('\n');
  };
  const [current, ...others] = people;
  if (!current || others.length < 5) throw new Error('Playground: need six people with Entra ids on the roster.');
  const yml = [
    '# Written by `npm run playground` from the roster in DATA_DIR: fictional demo users.',
    'version: "0.1.1"',
    'tenantId: "00000000-0000-4000-8000-00000000feed"',
    'bot:',
    '  id: "00000000-0000-0000-0000-00000000b075"',
    '  name: "Samverkan"',
    'currentUser:',
    user(current),
    'users:',
    ...others.slice(0, 5).map((p) => user(p).replace(/^ {2}/, '  - ').replace(/\n {2}/g, '\n    ')),
    'personalChat:',
    '  id: "personal-chat-id"',
    'groupChat:',
    '  id: "group-chat-id"',
    '  name: "Länssamverkansgruppen – möte"',
    'team:',
    '  id: "team-id"',
    '  name: "Samverkan i Västerbotten"',
    '  aadGroupId: "00000000-0000-4000-8000-0000000000aa"',
    '  channels:',
    '    - id: "channel-announcements-id"',
    '      name: "Sammanträden"',
    '',
  ].join('\n');
  writeFileSync(path.join(ROOT, '.m365agentsplayground.yml'), yml);
}

async function main() {
  const people = await prepareStore();
  writePlaygroundConfig(people);
  const env = { ...process.env, PORT: String(PORT), DATA_DIR, DEMO: 'off' };
  const children: ChildProcess[] = [];
  const stopAll = (code: number) => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    process.exitCode = code;
  };
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: 'inherit' });
  children.push(server);
  const playground = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'),
      '--app-endpoint',
      `http://localhost:${PORT}/api/messages`,
      '--channel-id',
      'msteams',
      '--disable-telemetry',
    ],
    { cwd: ROOT, env: { ...env, TEAMSFX_TELEMETRY_OPTOUT: 'true' }, stdio: 'inherit' },
  );
  children.push(playground);
  console.log('Playground: öppna http://localhost:56150 i webbläsaren. Skriv "upprop" i gruppchatten. Ctrl+C avslutar.');
  for (const c of children) c.on('exit', (code) => stopAll(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(0));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
