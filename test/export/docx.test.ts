/**
 * The DOCX protocol: a valid package (jszip) whose word/document.xml parses and holds every line
 * of protocolLines in order, one paragraph each, with å ä ö, headings, the UNDERSKRIFTSSIDA after
 * a page break, "Sida n av m" fields in the footer and the document properties; and, where
 * LibreOffice is installed, the same lines in order after LibreOffice has opened and converted it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { JSDOM } from 'jsdom';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { protocolLines } from '../../core/domain/protocol-text.js';
import type { ProtocolDocument } from '../../core/domain/protocol.js';
import { renderProtocolDocx } from '../../tab/export/index.js';
import { sampleDocument } from './sample-document.js';
import { hasTool, toolsPresent } from './tools.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const { DOMParser } = new JSDOM('').window;

async function open(doc: ProtocolDocument) {
  const zip = await JSZip.loadAsync(await renderProtocolDocx(doc));
  const xml = async (name: string) => {
    const text = await zip.file(name)?.async('string');
    if (text === undefined) throw new Error(`${name} is missing from the package`);
    const parsed = new DOMParser().parseFromString(text, 'application/xml');
    expect(parsed.getElementsByTagName('parsererror').length, `${name} parses`).toBe(0);
    return parsed;
  };
  return { zip, xml };
}

/** Each w:p as its text, with the paragraph's style and whether it starts a page. */
function paragraphs(document: Document) {
  return [...document.getElementsByTagNameNS(W, 'p')].map((p) => ({
    text: [...p.getElementsByTagNameNS(W, 't')].map((t) => t.textContent).join(''),
    style: p.getElementsByTagNameNS(W, 'pStyle')[0]?.getAttributeNS(W, 'val') ?? null,
    pageBreakBefore: p.getElementsByTagNameNS(W, 'pageBreakBefore').length > 0,
  }));
}

function inOrder(elements: string[], lines: string[]): string | null {
  let at = 0;
  for (const line of lines) {
    const i = elements.indexOf(line, at);
    if (i < 0) return line;
    at = i + 1;
  }
  return null;
}

describe('the DOCX protocol', () => {
  it('is a Word package whose document holds every line of protocolLines in order, one paragraph each', async () => {
    const doc = sampleDocument();
    const { zip, xml } = await open(doc);
    expect(zip.file('[Content_Types].xml')).not.toBeNull();
    const paras = paragraphs(await xml('word/document.xml'));
    const texts = paras.map((p) => p.text);
    expect(inOrder(texts, protocolLines(doc).filter((l) => l !== ''))).toBeNull();
    expect(texts).toContain('Björn Åström (s), Tallmo kommun, ersättare, ersätter Vera Rönnqvist');
    expect(texts.join('\n')).toMatch(/[åäöÅÄÖ]/);
  });

  it('sets the title and section headings as Word headings, and the UNDERSKRIFTSSIDA after a page break', async () => {
    const doc = sampleDocument();
    const paras = paragraphs(await (await open(doc)).xml('word/document.xml'));
    const headings = paras.filter((p) => p.style?.startsWith('Heading'));
    expect(headings.map((h) => [h.style, h.text])).toEqual([
      ['Heading1', 'Protokoll Samråd hälsa, vård och omsorg Norrfjäll'],
      ['Heading2', 'Närvarande'],
      ['Heading2', 'Frånvarande'],
      ['Heading2', 'Övriga tjänstepersoner'],
      ['Heading2', '25. Ansvarsfördelning för vaccinationer i särskilt boende'],
      ['Heading2', '26. Inriktning för nära vård 2027'],
      ['Heading2', '27. Nästa möte'],
      ['Heading2', 'UNDERSKRIFTSSIDA'],
    ]);
    expect(paras.filter((p) => p.pageBreakBefore).map((p) => p.text)).toEqual(['UNDERSKRIFTSSIDA']);
    const after = paras.slice(paras.findIndex((p) => p.text === 'UNDERSKRIFTSSIDA')).map((p) => p.text);
    expect(after).toContain('NAMN: Östen Sjöström');
    expect(after).toContain(`SHA-256: ${doc.sha256}`);
  });

  it('numbers the pages "Sida n av m" and carries the document properties', async () => {
    const doc = sampleDocument();
    const { zip, xml } = await open(doc);
    const footers = Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n));
    expect(footers.length).toBeGreaterThan(0);
    const footer = await xml(footers[0]!);
    const instr = [...footer.getElementsByTagNameNS(W, 'instrText')].map((i) => i.textContent!.trim());
    expect(instr).toEqual(expect.arrayContaining([expect.stringMatching(/^PAGE\b/), expect.stringMatching(/^NUMPAGES\b/)]));
    expect(paragraphs(footer).map((p) => p.text).join('')).toContain('Sida');

    const core = await xml('docProps/core.xml');
    const prop = (name: string) => core.getElementsByTagName(name)[0]?.textContent;
    expect(prop('dc:creator')).toBe('Samverkan i Teams');
    expect(prop('dc:title')).toBe('Protokoll Samråd hälsa, vård och omsorg Norrfjäll 2026-06-11 (version 2)');
    expect(prop('cp:keywords')).toContain(`SHA-256 ${doc.sha256}`);
  });

  it('marks a draft in the text and in the page header, without a signature page', async () => {
    const doc = sampleDocument({ status: 'draft' });
    const { zip, xml } = await open(doc);
    const texts = paragraphs(await xml('word/document.xml')).map((p) => p.text);
    expect(texts[0]).toBe('Utkast – ej fastställt');
    expect(texts).not.toContain('UNDERSKRIFTSSIDA');
    expect(texts.join('\n')).not.toContain('SHA-256');
    const headers = Object.keys(zip.files).filter((n) => /^word\/header\d*\.xml$/.test(n));
    const headerTexts = await Promise.all(headers.map(async (h) => paragraphs(await xml(h)).map((p) => p.text).join('')));
    expect(headerTexts).toContain('Utkast – ej fastställt');
    expect(inOrder(texts, protocolLines(doc).filter((l) => l !== ''))).toBeNull();
  });

  describe.skipIf(!toolsPresent(['soffice'], 'the DOCX check with LibreOffice'))('opened in LibreOffice', () => {
    it('converts to text with every line in order', async () => {
      if (!hasTool('soffice')) throw new Error('soffice is not installed, and REQUIRE_TOOLS=1 requires it');
      const doc = sampleDocument();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'protocol-docx-'));
      try {
        const file = path.join(dir, 'protokoll.docx');
        writeFileSync(file, await renderProtocolDocx(doc));
        // A profile of its own, so a LibreOffice the user has open (or another test) does not interfere.
        await promisify(execFile)(
          'soffice',
          [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'txt:Text', '--outdir', dir, file],
          { timeout: 120_000 },
        );
        const text = readFileSync(path.join(dir, 'protokoll.txt'), 'utf8').replace(/^\uFEFF/, '');
        const lines = text.split(/\r?\n/).map((l) => l.trim());
        expect(inOrder(lines, [...protocolLines(doc).filter((l) => l !== ''), `SHA-256: ${doc.sha256}`])).toBeNull();
        expect(text).toContain('Övriga tjänstepersoner');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 150_000);
  });
});
