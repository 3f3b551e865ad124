/**
 * The HTML protocol, parsed with jsdom: a standalone Swedish HTML5 document, headings in SPEC §7's
 * order, #punkt-<n> per item, every line of protocolLines in order, each as one element, hostile
 * text escaped, and the status of the version visible.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { protocolLines } from '../../core/domain/protocol-text.js';
import type { ProtocolDocument } from '../../core/domain/protocol.js';
import { renderProtocolHtml } from '../../tab/export/index.js';
import { sampleDocument } from './sample-document.js';

const HOSTILE = `<script>alert("x")</script><img src=x onerror="alert('y')"> & "Co" 'punkt'`;

function parse(doc: ProtocolDocument) {
  const html = renderProtocolHtml(doc);
  return { html, document: new JSDOM(html).window.document };
}

/** The text of every heading, paragraph and list item of the protocol, in document order (the link list excluded). */
const blocks = (d: Document) => [...d.querySelectorAll('main h1, main h2, main p, main li')].filter((e) => !e.closest('nav')).map((e) => e.textContent ?? '');

/** Whether `lines` are, in order, among `elements` (each line one whole element). */
function inOrder(elements: string[], lines: string[]): string | null {
  let at = 0;
  for (const line of lines) {
    const i = elements.indexOf(line, at);
    if (i < 0) return line;
    at = i + 1;
  }
  return null;
}

describe('the HTML protocol', () => {
  it('is a standalone Swedish HTML5 document with a title, print styles and a dark scheme', () => {
    const { html, document } = parse(sampleDocument());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(document.documentElement.lang).toBe('sv');
    expect(document.querySelector('meta[charset]')?.getAttribute('charset')).toBe('utf-8');
    expect(document.title).toBe('Protokoll Samråd hälsa, vård och omsorg Norrfjäll 2026-06-11 (version 2)');
    const css = document.querySelector('style')!.textContent!;
    expect(css).toContain('@media print');
    expect(css).toContain('@media (prefers-color-scheme: dark)');
    expect(document.querySelectorAll('link[rel=stylesheet], script[src], img').length).toBe(0);
  });

  it('has every line of protocolLines, in order, each one element, under the headings of SPEC §7', () => {
    const doc = sampleDocument();
    const { document } = parse(doc);
    expect(inOrder(blocks(document), protocolLines(doc).filter((l) => l !== ''))).toBeNull();
    expect(document.querySelector('h1')!.textContent).toBe('Protokoll Samråd hälsa, vård och omsorg Norrfjäll');
    expect([...document.querySelectorAll('h2')].map((h) => h.textContent)).toEqual([
      'Närvarande',
      'Frånvarande',
      'Övriga tjänstepersoner',
      '25. Ansvarsfördelning för vaccinationer i särskilt boende',
      '26. Inriktning för nära vård 2027',
      '27. Nästa möte',
      'UNDERSKRIFTSSIDA',
    ]);
  });

  it('gives each item the id punkt-<number>, and links to it', () => {
    const doc = sampleDocument();
    const { document } = parse(doc);
    for (const item of doc.items) {
      const section = document.getElementById(`punkt-${item.number}`);
      expect(section?.querySelector('h2')?.textContent).toBe(`${item.number}. ${item.title}`);
      expect(section?.textContent).toContain(item.text.split('\n')[0]);
      expect(document.querySelector(`nav a[href="#punkt-${item.number}"]`)).not.toBeNull();
    }
    // The decision sentence and the reservation belong to their own item.
    expect(document.getElementById('punkt-25')!.textContent).toContain('Reservation: Ragnar Hällgren reserverar sig mot beslutet.');
    expect(document.getElementById('punkt-26')!.textContent).not.toContain('Reservation');
  });

  it('escapes hostile text everywhere: it is shown, never run', () => {
    const base = sampleDocument({ firstTitle: HOSTILE });
    const doc: ProtocolDocument = {
      ...base,
      meeting: { ...base.meeting, bodyName: `</title>${HOSTILE}`, place: `<b>Teams</b>` },
      attendance: [{ ...base.attendance[0]!, name: `<a href="javascript:alert(1)">Märta</a>` }, ...base.attendance.slice(1)],
      items: base.items.map((i, n) => (n === 1 ? { ...i, text: `</p></section><script>alert(2)</script>` } : i)),
    };
    const { html, document } = parse(doc);
    expect(html).not.toContain('<script>');
    expect(document.querySelectorAll('script, img, b, main a[href^="javascript"]').length).toBe(0);
    expect(document.title).toContain(`</title>${HOSTILE}`);
    expect(document.querySelector('#punkt-25 h2')!.textContent).toBe(`25. ${HOSTILE}`);
    expect(document.querySelector('#punkt-26')!.textContent).toContain('</p></section><script>alert(2)</script>');
    expect(document.querySelector('ul.people li')!.textContent).toContain('<a href="javascript:alert(1)">Märta</a>');
    expect(inOrder(blocks(document), protocolLines(doc).filter((l) => l !== ''))).toBeNull();
  });

  it('marks a draft "Utkast – ej fastställt", without version, hash or signature page', () => {
    const doc = sampleDocument({ status: 'draft' });
    const { document } = parse(doc);
    expect(document.querySelector('[role=note]')!.textContent).toBe('Utkast – ej fastställt');
    expect(document.title).toContain('(utkast)');
    expect(document.body.textContent).not.toContain('SHA-256');
    expect(document.body.textContent).not.toContain('UNDERSKRIFTSSIDA');
    expect(inOrder(blocks(document), protocolLines(doc).filter((l) => l !== ''))).toBeNull();
  });

  it('shows a finalised version with its number and SHA-256, and who has yet to sign', () => {
    const doc = sampleDocument({ status: 'finalised' });
    const { document } = parse(doc);
    const text = document.body.textContent!;
    expect(document.querySelector('[role=note]')!.textContent).toContain('version 2');
    expect(blocks(document)).toContain(`Version 2 fastställd, SHA-256: ${doc.sha256}`);
    expect(text).toContain('Väntar på underskrift av: justerare, ordförande.');
    expect(text).not.toContain('Utkast');
  });

  it('shows the signed version with the UNDERSKRIFTSSIDA in SPEC §7 shape and the SHA-256 of the content', () => {
    const doc = sampleDocument({ status: 'signed' });
    const { document } = parse(doc);
    const page = document.querySelector('section.signatures')!;
    const lines = [...page.querySelectorAll('h2, p')].map((e) => e.textContent!);
    expect(lines[0]).toBe('UNDERSKRIFTSSIDA');
    expect(
      inOrder(lines, [
        'NAMN: Åsa Öberg',
        'TITEL, ORGANISATION: sekreterare, Samråd hälsa, vård och omsorg Norrfjäll',
        'TID: 2026-06-12 11:52:39 +02:00',
        'IDENTIFIKATIONSTYP: Microsoft Entra ID (asa.oberg@example.org)',
        'IDENTIFIKATIONS-ID: 6de3f385-49de-478e-9336-609f6c1c0221',
        'NAMN: Östen Sjöström',
        'NAMN: Märta Lindqvist',
        'TITEL, ORGANISATION: ordförande, Samråd hälsa, vård och omsorg Norrfjäll',
        `SHA-256: ${doc.sha256}`,
      ]),
    ).toBeNull();
    expect(document.body.textContent).not.toContain('Väntar på underskrift');
  });
});
