/** The protocol exports (SPEC §7): HTML for the tab, PDF for signing and the archive, DOCX for Word. */
export { renderProtocolHtml } from './html.js';
export { renderProtocolPdf } from './pdf.js';
export { renderProtocolDocx } from './docx.js';
export { PROTOCOL_MEDIA_TYPES, protocolFileName, type ProtocolFormat } from './files.js';
