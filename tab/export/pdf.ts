/**
 * The protocol as PDF (for signing and the archive): A4, DejaVu Sans embedded (so å ä ö and the
 * dashes are exact and searchable), "Sida n av m" on every page, the document info, a bookmark and
 * a named destination (#punkt-<n>) per item, and the UNDERSKRIFTSSIDA on its own page ending
 * with the SHA-256 of the finalised content. A draft is marked UTKAST on every page.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { ProtocolDocument } from '../../core/domain/protocol.js';
import { itemAnchor, protocolSections, splitLabel, type ProtocolSections } from './structure.js';
import { EXPORT_TEXT as T } from './texts.js';

const require = createRequire(import.meta.url);
/**
 * Resolved through the package, so it works wherever node_modules is. Fonts are always selected by
 * these paths: pdfkit caches a font under the name it was selected by, and a registered alias
 * would make it parse the TrueType file again on every switch.
 */
const FONT_FILES = {
  body: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;

const MARGINS = { top: 62, bottom: 72, left: 62, right: 62 };
const COLOR = { text: '#111111', muted: '#555555', rule: '#999999', draft: '#b3261e' } as const;
const SIZE = { title: 18, heading: 12.5, meta: 10.5, body: 10, small: 8.5, sigHeading: 16 } as const;

type Doc = PDFKit.PDFDocument;

/**
 * The CreationDate. A draft is made now. A finalised version must give the same bytes every time,
 * so its date comes from the document itself: when the last signature was made, else the
 * meeting's end (ProtocolDocument does not carry the version's finalisedAt).
 */
function creationDate(doc: ProtocolDocument): Date {
  if (doc.status === 'draft') return new Date();
  const signed = doc.signatures.map((s) => new Date(s.signedAt).getTime()).filter(Number.isFinite);
  const at = signed.length ? Math.max(...signed) : new Date(doc.meeting.end).getTime();
  return Number.isFinite(at) ? new Date(at) : new Date(0);
}

function documentInfo(doc: ProtocolDocument, s: ProtocolSections): PDFKit.DocumentInfo {
  const m = doc.meeting;
  const keywords = [T.keywords.protocol, m.bodyName, m.dnr, s.date, doc.status === 'draft' ? T.keywords.draft : T.keywords.version(doc.version)];
  if (doc.sha256) keywords.push(T.keywords.sha256(doc.sha256));
  return {
    Title: `${T.documentTitle(m.bodyName, s.date)} (${T.titleSuffix(doc.status, doc.version)})`,
    Author: T.author,
    Creator: T.author,
    Subject: T.subject(m.bodyName, s.date, m.dnr),
    Keywords: keywords.filter((k): k is string => !!k).join(', '),
    CreationDate: creationDate(doc),
  };
}

class Layout {
  constructor(readonly pdf: Doc) {}

  get width() {
    return this.pdf.page.width - MARGINS.left - MARGINS.right;
  }

  private get bottom() {
    return this.pdf.page.height - MARGINS.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one (keeps a heading with what follows). */
  keep(height: number) {
    if (this.pdf.y + height > this.bottom) this.pdf.addPage();
  }

  text(line: string, opts: { font?: 'body' | 'bold'; size?: number; color?: string; after?: number } = {}) {
    this.pdf
      .font(FONT_FILES[opts.font ?? 'body'])
      .fontSize(opts.size ?? SIZE.body)
      .fillColor(opts.color ?? COLOR.text)
      .text(line, MARGINS.left, this.pdf.y, { width: this.width });
    if (opts.after) this.pdf.moveDown(opts.after);
  }

  /** "NAMN: Anna" with the label in bold, on one line. */
  labelled(line: string, size: number = SIZE.body) {
    const [label, value] = splitLabel(line);
    this.pdf.fontSize(size).fillColor(COLOR.text);
    if (label) this.pdf.font(FONT_FILES.bold).text(label, MARGINS.left, this.pdf.y, { width: this.width, continued: true }).font(FONT_FILES.body).text(value);
    else this.pdf.font(FONT_FILES.body).text(value, MARGINS.left, this.pdf.y, { width: this.width });
  }

  heading(line: string, size: number = SIZE.heading) {
    this.pdf.font(FONT_FILES.bold).fontSize(size);
    this.keep(this.pdf.heightOfString(line, { width: this.width }) + 3 * this.pdf.font(FONT_FILES.body).fontSize(SIZE.body).currentLineHeight(true));
    this.pdf.moveDown(0.6);
    this.text(line, { font: 'bold', size, after: 0.2 });
  }

  rule() {
    const y = this.pdf.y + 4;
    this.pdf.moveTo(MARGINS.left, y).lineTo(MARGINS.left + this.width, y).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
    this.pdf.y = y + 4;
  }

  /** A framed notice, e.g. "Utkast – ej fastställt". */
  banner(line: string, color: string) {
    const pad = 5;
    this.pdf.font(FONT_FILES.bold).fontSize(SIZE.heading);
    const w = this.pdf.widthOfString(line) + 2 * pad;
    const h = this.pdf.currentLineHeight() + 2 * pad;
    const y = this.pdf.y;
    this.pdf.rect(MARGINS.left, y, w, h).lineWidth(1.2).strokeColor(color).stroke();
    this.pdf.fillColor(color).text(line, MARGINS.left + pad, y + pad, { lineBreak: false });
    this.pdf.x = MARGINS.left;
    this.pdf.y = y + h + 8;
  }
}

/** Page numbers (and the draft marking) on every page, once the page count is known. */
function decoratePages(pdf: Doc, doc: ProtocolDocument, s: ProtocolSections) {
  const { start, count } = pdf.bufferedPageRange();
  const footerLeft = `${T.documentTitle(doc.meeting.bodyName, s.date)}${doc.status === 'draft' ? ` – ${T.draftWatermark}` : ''}`;
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i);
    const page = pdf.page;
    // Text below the bottom margin would otherwise start a new page.
    const bottom = page.margins.bottom;
    page.margins.bottom = 0;
    if (doc.status === 'draft') {
      pdf.save();
      pdf.font(FONT_FILES.bold).fontSize(96).fillColor(COLOR.draft).fillOpacity(0.1);
      const w = pdf.widthOfString(T.draftWatermark);
      const cx = page.width / 2;
      const cy = page.height / 2;
      pdf.rotate(-50, { origin: [cx, cy] });
      pdf.text(T.draftWatermark, cx - w / 2, cy - 48, { lineBreak: false });
      pdf.restore();
      pdf.fillOpacity(1);
    }
    const y = page.height - MARGINS.bottom + 28;
    const width = page.width - MARGINS.left - MARGINS.right;
    pdf.font(FONT_FILES.body).fontSize(SIZE.small).fillColor(COLOR.muted);
    pdf.text(footerLeft, MARGINS.left, y, { width, align: 'left', lineBreak: false });
    pdf.text(T.pageOf(i - start + 1, count), MARGINS.left, y, { width, align: 'right', lineBreak: false });
    page.margins.bottom = bottom;
  }
}

export function renderProtocolPdf(doc: ProtocolDocument): Promise<Buffer> {
  const s = protocolSections(doc);
  const pdf: Doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    // The default font is DejaVu too, so no standard (non-embedded) font is ever referenced.
    font: FONT_FILES.body,
    lang: 'sv-SE',
    displayTitle: true,
    pdfVersion: '1.7',
    info: documentInfo(doc, s),
  });

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const L = new Layout(pdf);
  if (doc.status === 'draft') L.banner(T.draftBanner, COLOR.draft);
  else L.text(doc.status === 'signed' ? T.signedBanner(doc.version) : T.finalisedBanner(doc.version), { color: COLOR.muted, size: SIZE.small, after: 0.4 });

  L.text(s.title, { font: 'bold', size: SIZE.title, after: 0.3 });
  for (const line of s.meta) L.text(line, { size: SIZE.meta });

  for (const a of s.attendance) {
    L.heading(a.heading);
    if (a.lines.length === 0) L.text(T.noneListed, { color: COLOR.muted });
    for (const line of a.lines) L.text(line);
  }

  for (const item of s.items) {
    L.rule();
    L.heading(item.heading);
    pdf.addNamedDestination(itemAnchor(item.number), 'XYZ', null, pdf.y, null);
    pdf.outline.addItem(item.heading);
    item.lines.forEach((line, i) => {
      if (i === 0) L.text(line, { color: COLOR.muted, after: 0.15 });
      else if (line === item.sentence) L.text(line, { font: 'bold', after: 0.15 });
      else L.text(line, { after: 0.15 });
    });
  }

  if (s.versionLine) {
    pdf.moveDown(1);
    L.text(s.versionLine, { size: SIZE.small, color: COLOR.muted });
  }
  if (s.missingSigners.length) L.text(T.awaitingSignatures(s.missingSigners), { size: SIZE.small, color: COLOR.muted });

  if (s.signaturePage) {
    pdf.addPage();
    pdf.outline.addItem(s.signaturePage.heading);
    L.text(s.signaturePage.heading, { font: 'bold', size: SIZE.sigHeading, after: 0.5 });
    L.text(T.signaturePageIntro, { after: 1 });
    for (const block of s.signaturePage.signatures) {
      L.keep(block.length * pdf.font(FONT_FILES.body).fontSize(SIZE.meta).currentLineHeight(true) + 20);
      for (const line of block) L.labelled(line, SIZE.meta);
      pdf.moveDown(1.5);
    }
    if (doc.sha256) {
      L.rule();
      L.labelled(T.sha256Line(doc.sha256), SIZE.meta);
      L.text(T.sha256Explained, { size: SIZE.small, color: COLOR.muted });
    }
  }

  decoratePages(pdf, doc, s);
  pdf.end();
  return done;
}
