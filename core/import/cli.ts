/**
 * `npm run import -- <file or directory>` (SPEC §4, §9): imports a roster/meeting document into
 * the store in DATA_DIR (default ./data/). Exit 0 when imported, 1 when the file is invalid
 * (every error printed, nothing written), 2 on wrong usage.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore, STORE_FILE_NAME } from '../store/open.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { IMPORT_COLLECTIONS, importFile, type ImportCollection, type ImportReport } from './importer.js';
import { formatError } from './schema.js';

export const USAGE = `Användning: npm run import -- <fil>

  <fil> är något av:
    roster.json              ett importdokument i JSON (SPEC §4)
    katalog/                 en katalog med CSV-blad: organisations.csv, bodies.csv,
                             people.csv, memberships.csv, meetings.csv, agenda.csv, guests.csv
    people.csv memberships.csv …   ett eller flera CSV-blad

  Datat skrivs till DATA_DIR (standard ./data/). Ingenting skrivs om filen innehåller fel.`;

interface Noun {
  one: string;
  many: string;
  /** Adjective forms follow the noun's gender: "1 ny organisation", "1 nytt möte". */
  neuter: boolean;
}

const NOUNS: Record<ImportCollection, Noun> = {
  organisations: { one: 'organisation', many: 'organisationer', neuter: false },
  bodies: { one: 'grupp', many: 'grupper', neuter: false },
  people: { one: 'person', many: 'personer', neuter: false },
  memberships: { one: 'medlemskap', many: 'medlemskap', neuter: true },
  meetings: { one: 'möte', many: 'möten', neuter: true },
  agendaItems: { one: 'punkt på föredragningslistor', many: 'punkter på föredragningslistor', neuter: false },
};

function adjective(count: number, neuter: boolean, common: string, neuterForm: string, plural: string): string {
  return `${count} ${count === 1 ? (neuter ? neuterForm : common) : plural}`;
}

/** "16 organisationer (16 nya), 1 möte (1 ändrat)"; collections the file did not touch are left out. */
export function summarise(report: ImportReport): string {
  const parts: string[] = [];
  for (const c of IMPORT_COLLECTIONS) {
    const created = report.created[c];
    const updated = report.updated[c];
    const unchanged = report.unchanged[c];
    const total = created + updated + unchanged;
    if (total === 0) continue;
    const noun = NOUNS[c];
    const details: string[] = [];
    if (created) details.push(adjective(created, noun.neuter, 'ny', 'nytt', 'nya'));
    if (updated) details.push(adjective(updated, noun.neuter, 'ändrad', 'ändrat', 'ändrade'));
    if (unchanged) details.push(adjective(unchanged, noun.neuter, 'oförändrad', 'oförändrat', 'oförändrade'));
    parts.push(`${total} ${total === 1 ? noun.one : noun.many} (${details.join(', ')})`);
  }
  return parts.length > 0 ? `Importerade: ${parts.join(', ')}.` : 'Filen innehöll inga poster att importera.';
}

export async function main(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const unknownOption = args.find((a) => a.startsWith('-'));
  if (args.length === 0 || unknownOption) {
    if (unknownOption) console.error(`Okänd flagga: ${unknownOption}`);
    console.error(USAGE);
    return 2;
  }

  const dataDir = env.DATA_DIR || './data';
  const opts = { actor: 'import', source: 'import' as const };
  console.log(`Läser ${args.join(', ')} …`);

  // No database yet: check the file against an empty store first, so that a bad file does not
  // even leave an empty database behind.
  if (!existsSync(path.join(dataDir, STORE_FILE_NAME))) {
    const scratch = openSqliteStore(':memory:');
    const check = await importFile(scratch, args, { ...opts, dryRun: true }).finally(() => scratch.close());
    if (!check.ok) return fail(check);
  }

  console.log(`Kontrollerar och importerar till ${path.resolve(dataDir)} …`);
  let store: Store | undefined;
  let report: ImportReport;
  try {
    store = await openStore({ kind: 'sqlite', dataDir });
    report = await importFile(store, args, opts);
  } finally {
    await store?.close();
  }
  if (!report.ok) return fail(report);
  const changed = IMPORT_COLLECTIONS.some((c) => report.created[c] + report.updated[c] > 0);
  if (!changed) console.log('Inget att ändra: allt i filen fanns redan.');
  console.log(summarise(report));
  return 0;
}

function fail(report: ImportReport): number {
  const n = report.errors.length;
  console.error(`Importen avbröts: ${n} fel hittades. Ingenting har skrivits.`);
  for (const e of report.errors) console.error(formatError(e));
  return 1;
}

// Run only when started as a program, so that tests can import `summarise` and `main`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error('Importen misslyckades:', err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
