/**
 * The protocol as lines of text, in the normative order and wording of SPEC §7. HTML, PDF and
 * DOCX renderings are built from these lines, so all formats say the same.
 */
import type { ProtocolAttendance, ProtocolDocument, ProtocolItem } from './protocol.js';
import { swedishClock, swedishDate, swedishTimestamp } from './swedish-time.js';

export { swedishClock, swedishDate, swedishTimestamp };

const ROLE_LABEL: Record<string, string> = { justerare: 'justerare', sekreterare: 'sekreterare', ordförande: 'ordförande' };

export function attendanceLine(a: ProtocolAttendance): string {
  let line = a.party ? `${a.name} (${a.party})` : a.name;
  if (a.organisation) line += `, ${a.organisation}`;
  const label = a.title ?? (a.role === 'ledamot' || a.role === 'gäst' ? null : a.role);
  if (label) line += `, ${label}`;
  if (a.justerare) line += ', tillika justerare';
  if (a.substituteFor) line += `, ersätter ${a.substituteFor}`;
  if (a.fromItem !== null) line += `, anslöt från punkt ${a.fromItem}`;
  if (a.untilItem !== null) line += `, lämnade efter punkt ${a.untilItem}`;
  return line;
}

const isOther = (a: ProtocolAttendance) => a.status === 'guest' || ['adjungerad', 'tjänsteperson', 'sekreterare'].includes(a.role);

const CHOICE_LABEL: Record<string, string> = {
  bifall: 'Bifall',
  avslag: 'Avslag',
  avstar: 'Avstår',
  bakom: 'Ställer sig bakom',
  invandning: 'Invändning',
  'ej röstat': 'Har inte tagit ställning',
};

const TALLY_ORDER = ['bifall', 'bakom', 'avslag', 'invandning', 'avstar'];
const tallyRank = (k: string) => (TALLY_ORDER.includes(k) ? TALLY_ORDER.indexOf(k) : TALLY_ORDER.length);

export function itemLines(item: ProtocolItem): string[] {
  const lines = [`${item.number}. ${item.title}`, item.kind === 'beslut' ? 'Beslutsärende' : 'Informationsärende'];
  if (item.presenter) lines.push(`Föredragande: ${item.presenter}`);
  if (item.text.trim()) lines.push(...item.text.trim().split(/\n+/));
  if (item.sentence) lines.push(item.sentence);
  const d = item.decision;
  if (d && d.status === 'closed' && d.type !== 'acklamation') {
    // SPEC §7 order (Bifall, Avslag, Avstår), whatever order the keys have: a finalised version's
    // content is canonical JSON, whose keys are sorted alphabetically.
    const counts = Object.entries(d.tally)
      .sort(([a], [b]) => tallyRank(a) - tallyRank(b))
      .map(([k, n]) => `${CHOICE_LABEL[k] ?? k} ${n}`)
      .join(', ');
    lines.push(`${d.type === 'vote' ? 'Omröstning' : 'Ställningstagande'}: ${counts}`);
    const groups = new Map<string, string[]>();
    for (const b of d.ballots) groups.set(b.choice, [...(groups.get(b.choice) ?? []), b.name]);
    for (const [choice, names] of groups) lines.push(`${CHOICE_LABEL[choice] ?? choice}: ${names.join(', ')}`);
    if (d.byPrincipal.length) {
      lines.push(`Per huvudman: ${d.byPrincipal.map((p) => `${p.organisation} – ${(CHOICE_LABEL[p.choice] ?? p.choice).toLowerCase()}`).join('; ')}`);
    }
  }
  if (d && d.reservations.length) lines.push(`Reservation: ${d.reservations.join(', ')} reserverar sig mot beslutet.`);
  return lines;
}

export function protocolLines(doc: ProtocolDocument): string[] {
  const m = doc.meeting;
  const numbers = doc.items.map((i) => i.number);
  const lines: string[] = [
    `Protokoll ${m.bodyName}`,
    `Dnr: ${m.dnr ?? '–'}`,
    `Datum och tid: ${swedishDate(m.start)} kl ${swedishClock(m.start)}–${swedishClock(m.end)}`,
    `Plats: ${m.place}`,
    numbers.length ? `Ärenden: ${Math.min(...numbers)}–${Math.max(...numbers)}` : 'Ärenden: –',
    '',
    'Närvarande',
    ...doc.attendance.filter((a) => a.status === 'present' && !isOther(a)).map(attendanceLine),
    'Frånvarande',
    ...doc.attendance.filter((a) => a.status === 'absent').map(attendanceLine),
    'Övriga tjänstepersoner',
    ...doc.attendance.filter((a) => a.status !== 'absent' && isOther(a)).map(attendanceLine),
  ];
  for (const item of doc.items) lines.push('', ...itemLines(item));
  if (doc.sha256) lines.push('', `Version ${doc.version} fastställd, SHA-256: ${doc.sha256}`);
  if (doc.signatures.length) {
    lines.push('', 'UNDERSKRIFTSSIDA');
    for (const s of doc.signatures) {
      lines.push(
        `NAMN: ${s.name}`,
        `TITEL, ORGANISATION: ${ROLE_LABEL[s.role] ?? s.role}, ${m.bodyName}`,
        `TID: ${swedishTimestamp(s.signedAt)}`,
        `IDENTIFIKATIONSTYP: ${s.identity}`,
        `IDENTIFIKATIONS-ID: ${s.identityId}`,
        '',
      );
    }
  }
  return lines;
}
