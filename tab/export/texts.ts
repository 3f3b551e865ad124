/** Swedish text of the protocol exports that is not one of the protocol's own lines (SPEC §7). */
import type { SignerRole } from '../../core/domain/model.js';

export const EXPORT_TEXT = {
  /** The application, as named in the document properties. */
  author: 'Samverkan i Teams',
  draftBanner: 'Utkast – ej fastställt',
  /** The big marking across every page of a draft PDF. */
  draftWatermark: 'UTKAST',
  finalisedBanner: (version: number | null) => `Fastställt, version ${version ?? '–'} – väntar på underskrifter`,
  signedBanner: (version: number | null) => `Undertecknat, version ${version ?? '–'}`,
  /** Under an empty attendance heading. */
  noneListed: 'Inga.',
  /** Signers still missing on a finalised version. */
  awaitingSignatures: (roles: SignerRole[]) => `Väntar på underskrift av: ${roles.join(', ')}.`,
  signaturePageIntro: 'Protokollet har undertecknats elektroniskt i Samverkan i Teams av:',
  /** The last line of the signature page: what was signed. */
  sha256Line: (hash: string) => `SHA-256: ${hash}`,
  sha256Explained: 'Kontrollsumman gäller det fastställda innehållet i protokollet.',
  pageOf: (page: number, pages: number) => `Sida ${page} av ${pages}`,
  documentTitle: (bodyName: string, date: string) => `Protokoll ${bodyName} ${date}`,
  titleSuffix: (status: 'draft' | 'finalised' | 'signed', version: number | null) =>
    status === 'draft' ? 'utkast' : `version ${version ?? '–'}`,
  subject: (bodyName: string, date: string, dnr: string | null) => `Protokoll från ${bodyName} ${date}${dnr ? `, dnr ${dnr}` : ''}`,
  keywords: {
    protocol: 'protokoll',
    draft: 'utkast',
    version: (v: number | null) => `version ${v ?? '–'}`,
    sha256: (hash: string) => `SHA-256 ${hash}`,
  },
  /** Label of the link list at the top of the HTML page. */
  contents: 'Ärenden',
} as const;
