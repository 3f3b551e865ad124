/**
 * The protocol as DOCX (for people who edit in Word): the same lines of SPEC §7 as Word headings
 * and paragraphs, "Sida n av m" in the footer, the UNDERSKRIFTSSIDA after a page break. A draft
 * says "Utkast – ej fastställt" at the top and in the header of every page.
 */
import { AlignmentType, Document, Footer, Header, HeadingLevel, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import type { ProtocolDocument } from '../../core/domain/protocol.js';
import { protocolSections, splitLabel } from './structure.js';
import { EXPORT_TEXT as T } from './texts.js';

const FONT = 'Calibri';
const MUTED = '555555';
const DRAFT = 'B3261E';
/** Half-points. */
const SIZE = { body: 22, small: 18 };
/** A4 in twentieths of a point, 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };

const plain = (text: string, opts: { bold?: boolean; color?: string; size?: number; after?: number } = {}) =>
  new Paragraph({
    spacing: { after: opts.after ?? 40 },
    children: [new TextRun({ text, bold: opts.bold, color: opts.color, size: opts.size })],
  });

const heading = (text: string, level: 'title' | 'section', pageBreakBefore = false) =>
  new Paragraph({
    heading: level === 'title' ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    keepNext: true,
    pageBreakBefore,
    spacing: { before: level === 'title' ? 120 : 240, after: 80 },
    children: [new TextRun({ text })],
  });

const labelled = (line: string) => {
  const [label, value] = splitLabel(line);
  return new Paragraph({
    spacing: { after: 20 },
    children: label ? [new TextRun({ text: label, bold: true }), new TextRun({ text: value })] : [new TextRun({ text: value })],
  });
};

export function renderProtocolDocx(doc: ProtocolDocument): Promise<Buffer> {
  const s = protocolSections(doc);
  const m = doc.meeting;
  const children: Paragraph[] = [];

  if (doc.status === 'draft') children.push(plain(T.draftBanner, { bold: true, color: DRAFT, size: 28, after: 120 }));
  else children.push(plain(doc.status === 'signed' ? T.signedBanner(doc.version) : T.finalisedBanner(doc.version), { color: MUTED, size: SIZE.small, after: 120 }));

  children.push(heading(s.title, 'title'));
  for (const line of s.meta) children.push(plain(line));

  for (const a of s.attendance) {
    children.push(heading(a.heading, 'section'));
    if (a.lines.length === 0) children.push(plain(T.noneListed, { color: MUTED }));
    for (const line of a.lines) children.push(plain(line, { after: 0 }));
  }

  for (const item of s.items) {
    children.push(heading(item.heading, 'section'));
    item.lines.forEach((line, i) => {
      if (i === 0) children.push(plain(line, { color: MUTED }));
      else children.push(plain(line, { bold: line === item.sentence, after: 80 }));
    });
  }

  if (s.versionLine) children.push(plain(s.versionLine, { color: MUTED, size: SIZE.small, after: 40 }));
  if (s.missingSigners.length) children.push(plain(T.awaitingSignatures(s.missingSigners), { color: MUTED, size: SIZE.small }));

  if (s.signaturePage) {
    children.push(heading(s.signaturePage.heading, 'section', true));
    children.push(plain(T.signaturePageIntro, { after: 200 }));
    for (const block of s.signaturePage.signatures) {
      children.push(...block.map(labelled));
      children.push(plain('', { after: 200 }));
    }
    if (doc.sha256) {
      children.push(labelled(T.sha256Line(doc.sha256)));
      children.push(plain(T.sha256Explained, { color: MUTED, size: SIZE.small }));
    }
  }

  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [new TextRun({ size: SIZE.small, color: MUTED, children: [`${T.documentTitle(m.bodyName, s.date)} · Sida `, PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
  const header =
    doc.status === 'draft'
      ? new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: T.draftBanner, bold: true, color: DRAFT, size: SIZE.small })] })] })
      : undefined;

  const keywords = [T.keywords.protocol, m.bodyName, m.dnr, s.date, doc.status === 'draft' ? T.keywords.draft : T.keywords.version(doc.version)];
  if (doc.sha256) keywords.push(T.keywords.sha256(doc.sha256));

  const document = new Document({
    creator: T.author,
    lastModifiedBy: T.author,
    title: `${T.documentTitle(m.bodyName, s.date)} (${T.titleSuffix(doc.status, doc.version)})`,
    subject: T.subject(m.bodyName, s.date, m.dnr),
    keywords: keywords.filter((k): k is string => !!k).join(', '),
    styles: {
      default: {
        document: { run: { font: FONT, size: SIZE.body, language: { value: 'sv-SE' } } },
        heading1: { run: { font: FONT, size: 36, bold: true, color: '111111' } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '111111' } },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } } },
        headers: header ? { default: header } : undefined,
        footers: { default: footer },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
