/**
 * The PDF of a meeting run through the real bot process, finalised and signed by the three
 * roles, read back with poppler (pdftotext -layout, pdffonts, pdfinfo): the lines of SPEC §7 in
 * order (derived from protocolLines), the UNDERSKRIFTSSIDA on its own last page with the SHA-256,
 * "Sida n av m", only embedded fonts, the document info, the same bytes for the same version;
 * and a draft marked UTKAST without a signature page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocolLines, swedishTimestamp } from '../../core/domain/protocol-text.js';
import { ORGANISATIONS } from '../support/roster-fixture.js';
import { renderProtocolPdf } from '../../tab/export/index.js';
import { runExportMeeting, type ExportMeeting } from './bot-meeting.js';
import { firstOutOfOrder, run, squeeze, toolsPresent } from './tools.js';

const TOOLS = ['pdftotext', 'pdffonts', 'pdfinfo'];
const dir = mkdtempSync(path.join(os.tmpdir(), 'protocol-pdf-'));
let meeting: ExportMeeting;
let signedPdf: Buffer;
let signedText: string;

async function pdfText(pdf: Buffer, name: string): Promise<string> {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
}

/** The running footer "… Sida n av m" is not protocol text; a line split across pages must still match. */
const withoutFooters = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/Sida \d+ av \d+\s*$/.test(l))
    .join('\n');

describe.skipIf(!toolsPresent(TOOLS, 'the PDF export test'))('the PDF of a meeting run through the bot', () => {
  beforeAll(async () => {
    meeting = await runExportMeeting();
    signedPdf = await renderProtocolPdf(meeting.signed);
    signedText = await pdfText(signedPdf, 'signed');
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the signed version 1 of what happened in the chat', () => {
    const { signed, fixture: f, cast } = meeting;
    expect(signed).toMatchObject({ status: 'signed', version: 1 });
    expect(signed.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.signatures.map((s) => s.role)).toEqual(['sekreterare', 'justerare', 'ordförande']);
    const row = (name: string) => signed.attendance.find((a) => a.name === name);
    expect(row(f.substitute.name)).toMatchObject({ status: 'present', substituteFor: cast.served.name });
    expect(row(cast.late.name)).toMatchObject({ fromItem: 32 });
    expect(row(cast.leaver.name)).toMatchObject({ untilItem: 32 });
    expect(row(cast.absent.name)).toMatchObject({ status: 'absent' });
  });

  it('has every line SPEC §7 prescribes, in order, with the signature page last', () => {
    const text = withoutFooters(signedText);
    const expected = [...protocolLines(meeting.signed).filter((l) => l !== ''), `SHA-256: ${meeting.signed.sha256}`];
    expect(firstOutOfOrder(text, expected)).toBeNull();
  });

  it('says in its own words who was there, how they voted, what was decided and who signed', () => {
    const { fixture: f, cast, party, signed, signedAt } = meeting;
    const org = (p: { organisation: string }) => ORGANISATIONS.find((o) => o.key === p.organisation)!.name;
    const who = (p: { key: string; name: string; organisation: string }) => `${p.name} (${party.get(p.key)}), ${org(p)}`;
    const sig = (p: { key: string; name: string; user: { aadObjectId: string } }, role: keyof typeof signedAt) => [
      `NAMN: ${p.name}`,
      `TITEL, ORGANISATION: ${role}, ${f.bodyName}`,
      `TID: ${swedishTimestamp(signedAt[role])}`,
      `IDENTIFIKATIONSTYP: Microsoft Entra ID (${p.key}@example.org)`,
      `IDENTIFIKATIONS-ID: ${p.user.aadObjectId}`,
    ];
    const lines = [
      `Protokoll ${f.bodyName}`,
      `Dnr: ${f.dnr}`,
      'Ärenden: 31–35',
      'Närvarande',
      `${who(f.chair)}, ordförande`,
      `${who(f.vice)}, vice ordförande, tillika justerare`,
      `${who(cast.leaver)}, lämnade efter punkt 32`,
      `${who(cast.late)}, anslöt från punkt 32`,
      `${who(f.substitute)}, ersättare, ersätter ${cast.served.name}`,
      'Frånvarande',
      who(cast.served),
      who(cast.absent),
      'Övriga tjänstepersoner',
      `${f.official.name}, ${org(f.official)}, utvecklingsledare`,
      `${f.secretary.name}, ${org(f.secretary)}, regional samverkanskoordinator`,
      `${cast.guest}, SKR`,
      '31. Föregående mötesprotokoll',
      'Informationsärende',
      `${f.bodyName} godkände informationen.`,
      '33. Gemensam rutin för samordnad individuell plan',
      'Beslutsärende',
      'Föredragande: AU',
      `${f.bodyName} beslutade att godkänna förslaget till gemensam rutin.`,
      'Omröstning: Bifall 5, Avslag 1, Avstår 1',
      `Reservation: ${cast.reserver.name} reserverar sig mot beslutet.`,
      '34. Inriktning för nära vård 2026',
      `${f.bodyName} beslutade att rekommendera respektive huvudman att anta inriktningen.`,
      'Ställningstagande: Ställer sig bakom 6, Invändning 0, Avstår 1',
      '35. Nästa möte',
      `Version 1 fastställd, SHA-256: ${signed.sha256}`,
      'UNDERSKRIFTSSIDA',
      ...sig(f.secretary, 'sekreterare'),
      ...sig(f.vice, 'justerare'),
      ...sig(f.chair, 'ordförande'),
      `SHA-256: ${signed.sha256}`,
    ];
    const text = withoutFooters(signedText);
    expect(firstOutOfOrder(text, lines)).toBeNull();
    // Who voted how, under the vote (the groups follow the ballots, in no prescribed order).
    for (const line of [`Avslag: ${cast.reserver.name}`, `Avstår: ${cast.abstainer.name}`]) {
      expect(firstOutOfOrder(text, ['Omröstning: Bifall 5, Avslag 1, Avstår 1', line, '34. Inriktning för nära vård 2026'])).toBeNull();
    }
    // Å, ä and ö come out as themselves, not as look-alikes or boxes.
    expect(text).toContain('Ärenden');
    expect(text).toContain('Övriga tjänstepersoner');
    expect(text).toContain('godkände informationen');
  });

  it('puts the UNDERSKRIFTSSIDA on a page of its own and numbers every page "Sida n av m"', () => {
    const pages = signedText.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const last = pages.at(-1)!;
    expect(last.trim().startsWith('UNDERSKRIFTSSIDA')).toBe(true);
    for (const p of pages.slice(0, -1)) expect(p).not.toContain('UNDERSKRIFTSSIDA');
    expect(squeeze(last)).toContain(squeeze(`SHA-256: ${meeting.signed.sha256}`));
    pages.forEach((p, i) => expect(p).toMatch(new RegExp(`Sida ${i + 1} av ${pages.length}\\s*$`)));
  });

  it('embeds every font it uses: DejaVu Sans regular and bold', async () => {
    const file = path.join(dir, 'fonts.pdf');
    writeFileSync(file, signedPdf);
    const rows = (await run('pdffonts', [file])).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const names = rows.map((r) => r.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
    expect(new Set(names)).toEqual(new Set(['DejaVuSans', 'DejaVuSans-Bold']));
    for (const r of rows) {
      // name type… encoding emb sub uni object ID: emb is the fourth column from the end.
      const cols = r.trim().split(/\s+/);
      expect(cols.at(-5), r).toBe('yes');
    }
  });

  it('carries the document info, with the SHA-256 in the keywords and the last signature as its date', async () => {
    const file = path.join(dir, 'info.pdf');
    writeFileSync(file, signedPdf);
    const info = Object.fromEntries(
      (await run('pdfinfo', ['-isodates', file]))
        .split('\n')
        .map((l) => l.match(/^([^:]+):\s*(.*)$/))
        .filter((m): m is RegExpMatchArray => !!m)
        .map((m) => [m[1]!, m[2]!]),
    );
    const { fixture: f, signed, signedAt } = meeting;
    expect(info.Author).toBe('Samverkan i Teams');
    expect(info.Title).toBe(`Protokoll ${f.bodyName} ${f.date} (version 1)`);
    expect(info.Subject).toContain(f.dnr);
    expect(info.Keywords).toContain(`SHA-256 ${signed.sha256}`);
    expect(info['Page size']).toMatch(/595\.\d* x 841\.\d* pts \(A4\)/);
    expect(new Date(info.CreationDate!).getTime()).toBe(Math.floor(new Date(signedAt.ordförande).getTime() / 1000) * 1000);
  });

  it('gives the same bytes for the same version', async () => {
    const again = await renderProtocolPdf(structuredClone(meeting.signed));
    expect(again.equals(signedPdf)).toBe(true);
  });

  it('marks the draft UTKAST on every page and gives it no signature page', async () => {
    const draft = meeting.draft;
    expect(draft.status).toBe('draft');
    const text = await pdfText(await renderProtocolPdf(draft), 'draft');
    expect(text).toContain('Utkast – ej fastställt');
    const pages = text.split('\f').filter((p) => p.trim());
    for (const p of pages) expect(p).toContain('UTKAST');
    expect(text).not.toContain('UNDERSKRIFTSSIDA');
    expect(text).not.toContain('SHA-256');
    expect(firstOutOfOrder(withoutFooters(text), protocolLines(draft).filter((l) => l !== ''))).toBeNull();
  });
});
