/**
 * The protocol as one standalone HTML5 page (shown in the tab, printable): the lines of SPEC §7
 * under semantic headings, each item addressable as #punkt-<number>. Every text is escaped.
 */
import type { ProtocolDocument } from '../../core/domain/protocol.js';
import { protocolSections, itemAnchor, splitLabel, type ProtocolSections } from './structure.js';
import { EXPORT_TEXT as T } from './texts.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

// Light by default, dark when the reader's system is dark; print is always black on white.
const CSS = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #5c5c5c; --rule: #d0d0d0;
  --draft-fg: #8a1c00; --draft-bg: #fff1ec; --ok-fg: #0b5a2a; --ok-bg: #eaf6ee; --link: #0f5fa8; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #ececec; --bg: #1e1e1e; --muted: #b4b4b4; --rule: #4a4a4a;
    --draft-fg: #ffb59e; --draft-bg: #43210f; --ok-fg: #9fe0b5; --ok-bg: #14351f; --link: #8cc4ff; }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 50rem; padding: 1.5rem 1rem 3rem; font: 1rem/1.5 "Segoe UI", system-ui, -apple-system, "DejaVu Sans", sans-serif; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 0.75rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 0.4rem; }
p { margin: 0.25rem 0; }
a { color: var(--link); }
ul.people { list-style: none; margin: 0; padding: 0; }
ul.people li { margin: 0.1rem 0; }
.meta p { margin: 0.1rem 0; }
.status { display: inline-block; margin: 0 0 0.5rem; padding: 0.25rem 0.6rem; border-radius: 0.25rem; border: 1px solid currentColor; font-weight: 600; }
.status.draft { color: var(--draft-fg); background: var(--draft-bg); }
.status.final { color: var(--ok-fg); background: var(--ok-bg); }
.item { border-top: 1px solid var(--rule); margin-top: 1.25rem; }
.item .kind { color: var(--muted); font-style: italic; }
.item .sentence { font-weight: 600; }
.version, .hash { color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
.signatures { border-top: 2px solid var(--rule); margin-top: 2rem; }
.signature { margin: 0.75rem 0 1rem; }
.signature .label, .hash .label { font-weight: 600; }
nav.contents ol { padding-left: 1.25rem; margin: 0.25rem 0; }
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #333; --rule: #999; --draft-fg: #000; --draft-bg: #fff; --ok-fg: #000; --ok-bg: #fff; --link: #000; }
  @page { size: A4; margin: 2cm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav.contents { display: none; }
  a { text-decoration: none; }
  h2 { break-after: avoid; }
  .signature { break-inside: avoid; }
  .signatures { break-before: page; border-top: none; }
}
`;

function statusBanner(doc: ProtocolDocument, s: ProtocolSections): string {
  if (doc.status === 'draft') return `<p class="status draft" role="note">${esc(T.draftBanner)}</p>`;
  const text = doc.status === 'signed' ? T.signedBanner(doc.version) : T.finalisedBanner(doc.version);
  const missing = s.missingSigners.length ? `<p class="missing">${esc(T.awaitingSignatures(s.missingSigners))}</p>` : '';
  return `<p class="status final" role="note">${esc(text)}</p>${missing}`;
}

const labelled = (line: string) => {
  const [label, value] = splitLabel(line);
  return label ? `<span class="label">${esc(label)}</span>${esc(value)}` : esc(value);
};

export function renderProtocolHtml(doc: ProtocolDocument): string {
  const s = protocolSections(doc);
  const title = `${T.documentTitle(doc.meeting.bodyName, s.date)} (${T.titleSuffix(doc.status, doc.version)})`;
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    '<html lang="sv">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<meta name="generator" content="${esc(T.author)}">`,
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    `<body class="status-${doc.status}">`,
    '<main>',
    '<header>',
    statusBanner(doc, s),
    `<h1>${esc(s.title)}</h1>`,
    `<div class="meta">${s.meta.map((l) => `<p>${esc(l)}</p>`).join('')}</div>`,
    '</header>',
  );
  if (s.items.length) {
    out.push(
      `<nav class="contents" aria-label="${esc(T.contents)}"><ol>`,
      ...s.items.map((i) => `<li><a href="#${itemAnchor(i.number)}">${esc(i.heading)}</a></li>`),
      '</ol></nav>',
    );
  }
  s.attendance.forEach((a, n) => {
    const id = `deltagare-${n + 1}`;
    out.push(`<section class="attendance" aria-labelledby="${id}">`, `<h2 id="${id}">${esc(a.heading)}</h2>`);
    out.push(a.lines.length ? `<ul class="people">${a.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : `<p>${esc(T.noneListed)}</p>`);
    out.push('</section>');
  });
  for (const item of s.items) {
    const id = itemAnchor(item.number);
    out.push(`<section class="item" id="${id}" aria-labelledby="${id}-rubrik">`, `<h2 id="${id}-rubrik">${esc(item.heading)}</h2>`);
    item.lines.forEach((line, i) => {
      const cls = i === 0 ? 'kind' : line === item.sentence ? 'sentence' : null;
      out.push(cls ? `<p class="${cls}">${esc(line)}</p>` : `<p>${esc(line)}</p>`);
    });
    out.push('</section>');
  }
  if (s.versionLine) out.push(`<p class="version">${esc(s.versionLine)}</p>`);
  if (s.signaturePage) {
    out.push('<section class="signatures" aria-labelledby="underskrifter">', `<h2 id="underskrifter">${esc(s.signaturePage.heading)}</h2>`);
    out.push(`<p>${esc(T.signaturePageIntro)}</p>`);
    for (const sig of s.signaturePage.signatures) out.push(`<div class="signature">${sig.map((l) => `<p>${labelled(l)}</p>`).join('')}</div>`);
    if (doc.sha256) out.push(`<p class="hash">${labelled(T.sha256Line(doc.sha256))}</p>`, `<p class="hash">${esc(T.sha256Explained)}</p>`);
    out.push('</section>');
  }
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}
