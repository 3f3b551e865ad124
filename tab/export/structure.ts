/**
 * The protocol's normative lines (core/domain/protocol-text.ts, SPEC §7) grouped into the parts
 * a layout needs: header, attendance lists, items, version line, signature page. The lines are
 * never written here, only grouped, so HTML, PDF and DOCX say exactly what `protocolLines` says.
 */
import { SIGNER_ROLES, type SignerRole } from '../../core/domain/model.js';
import type { ProtocolDocument } from '../../core/domain/protocol.js';
import { protocolLines, swedishDate } from '../../core/domain/protocol-text.js';

export interface AttendanceSection {
  heading: string;
  lines: string[];
}

export interface ItemSection {
  number: number;
  /** "25. <title>" */
  heading: string;
  /** Beslutsärende | Informationsärende, Föredragande, text, decision, vote, reservation. */
  lines: string[];
  /** The decision sentence, when it is one of `lines` (shown with emphasis). */
  sentence: string | null;
}

export interface ProtocolSections {
  /** "Protokoll <body name>" */
  title: string;
  /** Dnr, Datum och tid, Plats, Ärenden. */
  meta: string[];
  attendance: AttendanceSection[];
  items: ItemSection[];
  /** "Version <n> fastställd, SHA-256: <hash>" of a finalised version. */
  versionLine: string | null;
  /** UNDERSKRIFTSSIDA and one block of five lines per signature, in signing order. */
  signaturePage: { heading: string; signatures: string[][] } | null;
  /** Signer roles that have not signed a finalised version yet. */
  missingSigners: SignerRole[];
  /** YYYY-MM-DD of the meeting in Swedish time. */
  date: string;
}

const ATTENDANCE_HEADINGS = ['Närvarande', 'Frånvarande', 'Övriga tjänstepersoner'] as const;

/** `protocolLines` split at its blank lines. */
function blocks(lines: string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line === '') {
      if (current.length) out.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) out.push(current);
  return out;
}

class ShapeError extends Error {
  constructor(what: string) {
    super(`protocolLines has an unexpected shape: ${what}`);
  }
}

export function protocolSections(doc: ProtocolDocument): ProtocolSections {
  const parts = blocks(protocolLines(doc));
  const [header, people, ...rest] = parts;
  if (!header || !people) throw new ShapeError('no header or attendance');
  const [title, ...meta] = header;

  // The attendance block: three headings in fixed order, each followed by its lines.
  const starts: number[] = [];
  for (const h of ATTENDANCE_HEADINGS) {
    const from = starts.length ? people.indexOf(h, starts.at(-1)! + 1) : people[0] === h ? 0 : -1;
    if (from < 0) throw new ShapeError(`attendance heading ${h}`);
    starts.push(from);
  }
  const attendance = ATTENDANCE_HEADINGS.map((heading, i) => ({ heading, lines: people.slice(starts[i]! + 1, starts[i + 1] ?? people.length) }));

  const items = doc.items.map((item, i): ItemSection => {
    const block = rest[i];
    const heading = `${item.number}. ${item.title}`;
    if (!block || block[0] !== heading) throw new ShapeError(`item ${item.number}`);
    const lines = block.slice(1);
    return { number: item.number, heading, lines, sentence: item.sentence && lines.includes(item.sentence) ? item.sentence : null };
  });

  let tail = rest.slice(doc.items.length);
  let versionLine: string | null = null;
  if (doc.sha256) {
    const block = tail[0];
    if (!block || block.length !== 1 || !block[0]!.includes(doc.sha256)) throw new ShapeError('version line');
    versionLine = block[0]!;
    tail = tail.slice(1);
  }
  let signaturePage: ProtocolSections['signaturePage'] = null;
  if (doc.signatures.length) {
    // The heading is followed directly by the first signature; the others are set apart by blank lines.
    const [head, ...others] = tail;
    const signatures = [head?.slice(1) ?? [], ...others].filter((b) => b.length);
    if (!head || signatures.length !== doc.signatures.length) throw new ShapeError('signature page');
    signaturePage = { heading: head[0]!, signatures };
    tail = [];
  }
  if (tail.length) throw new ShapeError('lines after the signature page');

  const signed = new Set(doc.signatures.map((s) => s.role));
  return {
    title: title!,
    meta,
    attendance,
    items,
    versionLine,
    signaturePage,
    missingSigners: doc.status === 'finalised' ? SIGNER_ROLES.filter((r) => !signed.has(r)) : [],
    date: swedishDate(doc.meeting.start),
  };
}

/** The id of an item's paragraph, so the tab can link to it ("#punkt-25"). */
export const itemAnchor = (number: number) => `punkt-${number}`;

/** "NAMN: Anna" → ["NAMN:", " Anna"], so a layout can set the label apart. */
export function splitLabel(line: string): [label: string, value: string] {
  const at = line.indexOf(': ');
  return at < 0 ? ['', line] : [line.slice(0, at + 1), line.slice(at + 1)];
}
