/** File names and media types of the protocol downloads. */
import { describe, expect, it } from 'vitest';
import { PROTOCOL_MEDIA_TYPES, protocolFileName } from '../../tab/export/index.js';
import { sampleDocument } from './sample-document.js';

describe('protocol file names', () => {
  it('names a finalised version by body, local date and version', () => {
    const doc = sampleDocument({ status: 'signed' });
    expect(protocolFileName({ ...doc, meeting: { ...doc.meeting, body: 'lsg' } }, 'pdf')).toBe('protokoll-lsg-2026-06-11-v2.pdf');
    expect(protocolFileName(doc, 'docx')).toBe('protokoll-samrad-2026-06-11-v2.docx');
  });

  it('names the live draft "utkast", with the date of the meeting in Swedish time', () => {
    const doc = sampleDocument({ status: 'draft' });
    // 23:30 UTC on 10 June is already 11 June in Sweden.
    const late = { ...doc, meeting: { ...doc.meeting, start: '2026-06-10T23:30:00Z' } };
    expect(protocolFileName(late, 'html')).toBe('protokoll-samrad-2026-06-11-utkast.html');
  });

  it('keeps to ASCII letters, digits, hyphens and one dot, whatever the body key', () => {
    const doc = sampleDocument();
    const name = protocolFileName({ ...doc, meeting: { ...doc.meeting, body: 'Bered "vård" & Äldre/../Ö' } }, 'pdf');
    expect(name).toBe('protokoll-bered-vard-aldre-o-2026-06-11-v2.pdf');
    expect(name).toMatch(/^[a-z0-9-]+\.pdf$/);
  });

  it('has a media type per format', () => {
    expect(PROTOCOL_MEDIA_TYPES).toEqual({
      html: 'text/html; charset=utf-8',
      pdf: 'application/pdf',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
  });
});
