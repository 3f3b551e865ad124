import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_FILE_NAME } from '../core/store/open.js';
import { openSqliteStore } from '../core/store/sqlite/sqlite-store.js';
import { COLLECTIONS } from '../core/store/store.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'import');

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'import-cli-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function runCli(args: string[], dataDir: string) {
  const result = spawnSync('npx', ['tsx', 'core/import/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Record counts (and eTags) of the store in a data directory. */
async function storeContents(dataDir: string) {
  const store = openSqliteStore(path.join(dataDir, STORE_FILE_NAME));
  try {
    const out: Record<string, string[]> = {};
    for (const c of COLLECTIONS) out[c] = (await store[c].list()).map((r) => `${r.value.key} ${r.etag}`).sort();
    return out;
  } finally {
    await store.close();
  }
}

describe('npm run import', () => {
  it('imports a JSON file into DATA_DIR, then reports a re-import as unchanged', async () => {
    const dataDir = tempDir();
    const first = runCli([path.join(FIXTURES, 'roster.json')], dataDir);
    expect(first.stderr).not.toMatch(/fel/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      'Importerade: 6 organisationer (6 nya), 3 grupper (3 nya), 12 personer (12 nya), 15 medlemskap (15 nya), ' +
        '2 möten (2 nya), 6 punkter på föredragningslistor (6 nya).',
    );
    const after = await storeContents(dataDir);
    expect(after.people).toHaveLength(12);
    expect(after.audit).toHaveLength(1);

    const second = runCli([path.join(FIXTURES, 'roster.json')], dataDir);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Inget att ändra');
    expect(second.stdout).toContain('6 organisationer (6 oförändrade)');
    expect(await storeContents(dataDir)).toEqual(after);
  });

  it('imports a directory of CSV sheets', async () => {
    const dataDir = tempDir();
    const run = runCli([path.join(FIXTURES, 'csv-semicolon')], dataDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('15 medlemskap (15 nya)');
    expect((await storeContents(dataDir)).meetings).toHaveLength(2);
  });

  it('exits 1 with every error and writes nothing for a bad file', async () => {
    const dir = tempDir();
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'roster.json'), 'utf8'));
    doc.memberships[3].person = 'p-finns-ej';
    doc.meetings[0].agenda[1].kind = 'beslutsärende';
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(doc));

    // Into an empty DATA_DIR: not even a database file is left behind.
    const emptyDataDir = path.join(dir, 'data');
    const run = runCli([bad], emptyDataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Importen avbröts: 2 fel hittades. Ingenting har skrivits.');
    expect(run.stderr).toContain('memberships[3].person: "p-finns-ej" finns inte bland people');
    expect(run.stderr).toContain('meetings[0].agenda[1].kind: "beslutsärende" är inte tillåtet');
    expect(existsSync(emptyDataDir) ? readdirSync(emptyDataDir) : []).toEqual([]);

    // Into a store that already holds data: every record keeps its eTag.
    const dataDir = tempDir();
    expect(runCli([path.join(FIXTURES, 'roster.json')], dataDir).code).toBe(0);
    const before = await storeContents(dataDir);
    doc.organisations[0].name = 'Region Norrfjäll, nytt namn';
    writeFileSync(bad, JSON.stringify(doc));
    const again = runCli([bad], dataDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('memberships[3].person: "p-finns-ej" finns inte bland people');
    expect(await storeContents(dataDir)).toEqual(before);
  });

  it('exits 2 with the usage text when no file is given or a flag is unknown', () => {
    const dataDir = tempDir();
    const none = runCli([], dataDir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Användning: npm run import -- <fil>');
    const flag = runCli(['--force', path.join(FIXTURES, 'roster.json')], dataDir);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('Okänd flagga: --force');
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
