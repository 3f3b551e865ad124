/** Media types and file names of the protocol downloads (for Content-Type and Content-Disposition). */
import type { ProtocolDocument } from '../../core/domain/protocol.js';
import { swedishDate } from '../../core/domain/swedish-time.js';

export const PROTOCOL_MEDIA_TYPES = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

export type ProtocolFormat = keyof typeof PROTOCOL_MEDIA_TYPES;

/** Lower-case ASCII letters, digits and single hyphens: "Samråd Ö" → "samrad-o". */
function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * "protokoll-lsg-2026-06-11-v2.pdf" (a finalised version) or "protokoll-lsg-2026-06-11-utkast.pdf"
 * (the live draft): ASCII only, so it needs no encoding in a Content-Disposition header.
 */
export function protocolFileName(doc: ProtocolDocument, ext: ProtocolFormat): string {
  const body = asciiSlug(doc.meeting.body) || 'mote';
  const date = swedishDate(doc.meeting.start);
  const version = doc.status === 'draft' || doc.version === null ? 'utkast' : `v${doc.version}`;
  return `protokoll-${body}-${date}-${version}.${ext}`;
}
