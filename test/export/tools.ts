/**
 * External tools the export tests read documents with (poppler-utils, LibreOffice). Where one is
 * missing its tests are skipped with a message, unless REQUIRE_TOOLS=1 (CI, a prepared machine):
 * then they run and fail, saying what is missing.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

export const REQUIRE_TOOLS = process.env.REQUIRE_TOOLS === '1';

export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether tests that need `names` should run; says why when they will not. */
export function toolsPresent(names: string[], what: string): boolean {
  const missing = names.filter((n) => !hasTool(n));
  if (missing.length && !REQUIRE_TOOLS) {
    console.warn(`SKIPPED: ${what} needs ${missing.join(', ')}, which is not installed (apt-get install poppler-utils libreoffice-writer; set REQUIRE_TOOLS=1 to make this a failure).`);
    return false;
  }
  return true;
}

/** Runs a tool; a missing one fails with a message that names it. */
export async function run(cmd: string, args: string[], opts: { cwd?: string; timeout?: number } = {}): Promise<string> {
  if (!hasTool(cmd)) throw new Error(`${cmd} is not installed, and REQUIRE_TOOLS=1 requires it`);
  const { stdout } = await promisify(execFile)(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: opts.timeout ?? 60_000, cwd: opts.cwd });
  return stdout;
}

/** Text without any whitespace, so a line that a layout wrapped still matches. */
export const squeeze = (text: string) => text.replace(/\s+/g, '');

/**
 * Checks that `lines` occur in `text` in this order, each beginning at the start of a line of
 * `text`; whitespace is ignored, so a line that the layout wrapped still matches. Returns the
 * first line not found after the previous one, or null when all are there in order.
 */
export function firstOutOfOrder(text: string, lines: string[]): { line: string; index: number } | null {
  let hay = '';
  const starts = new Set<number>();
  for (const l of text.split(/\r?\n|\f/)) {
    const sq = squeeze(l);
    if (!sq) continue;
    starts.add(hay.length);
    hay += sq;
  }
  let at = 0;
  for (const [index, line] of lines.entries()) {
    const needle = squeeze(line);
    if (!needle) continue;
    let found = hay.indexOf(needle, at);
    while (found >= 0 && !starts.has(found)) found = hay.indexOf(needle, found + 1);
    if (found < 0) return { line, index };
    at = found + needle.length;
  }
  return null;
}
