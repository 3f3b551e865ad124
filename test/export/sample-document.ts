/**
 * A fictional protocol in the shape currentProtocol returns (SPEC §7), for the HTML and DOCX
 * tests: party, title, justerare, ersätter, anslöt/lämnade, an open vote with ballots, an
 * inriktningsbeslut per huvudman, a reservation, guests, and any title the caller wants (a
 * hostile one, to test escaping). Every name is made up.
 */
import type { ProtocolDocument } from '../../core/domain/protocol.js';

const BODY = 'Samråd hälsa, vård och omsorg Norrfjäll';
const HASH = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';

export function sampleDocument(options: { status?: ProtocolDocument['status']; firstTitle?: string } = {}): ProtocolDocument {
  const status = options.status ?? 'signed';
  const finalised = status !== 'draft';
  const signatures: ProtocolDocument['signatures'] = [
    { name: 'Åsa Öberg', role: 'sekreterare', signedAt: '2026-06-12T09:52:39Z', identity: 'Microsoft Entra ID (asa.oberg@example.org)', identityId: '6de3f385-49de-478e-9336-609f6c1c0221' },
    { name: 'Östen Sjöström', role: 'justerare', signedAt: '2026-06-12T11:19:28Z', identity: 'Microsoft Entra ID (osten.sjostrom@example.org)', identityId: 'f12b3893-be98-420d-86a3-62bc4df88cd0' },
    { name: 'Märta Lindqvist', role: 'ordförande', signedAt: '2026-06-12T11:27:12Z', identity: 'Microsoft Entra ID (marta.lindqvist@example.org)', identityId: 'c568ebda-dbae-44e6-bd28-b6ff93cec4ff' },
  ];
  return {
    meeting: {
      key: 'samrad-2026-06-11',
      body: 'samrad',
      bodyName: BODY,
      dnr: 'HSN 49-3-2026',
      start: '2026-06-11T08:00:00+02:00',
      end: '2026-06-11T09:30:00+02:00',
      place: 'Teams',
    },
    status,
    version: finalised ? 2 : null,
    sha256: finalised ? HASH : null,
    attendance: [
      { name: 'Märta Lindqvist', party: 's', organisation: 'Älvby kommun', role: 'ordförande', title: null, status: 'present', substituteFor: null, fromItem: null, untilItem: null, justerare: false },
      { name: 'Östen Sjöström', party: 'm', organisation: 'Region Norrfjäll', role: 'vice ordförande', title: null, status: 'present', substituteFor: null, fromItem: null, untilItem: null, justerare: true },
      { name: 'Ingrid Näslund', party: 'c', organisation: 'Granås kommun', role: 'ledamot', title: null, status: 'present', substituteFor: null, fromItem: 26, untilItem: null, justerare: false },
      { name: 'Ragnar Hällgren', party: 'kd', organisation: 'Sjöviks kommun', role: 'ledamot', title: null, status: 'present', substituteFor: null, fromItem: null, untilItem: 26, justerare: false },
      { name: 'Björn Åström', party: 's', organisation: 'Tallmo kommun', role: 'ersättare', title: null, status: 'present', substituteFor: 'Vera Rönnqvist', fromItem: null, untilItem: null, justerare: false },
      { name: 'Vera Rönnqvist', party: 'v', organisation: 'Tallmo kommun', role: 'ledamot', title: null, status: 'absent', substituteFor: null, fromItem: null, untilItem: null, justerare: false },
      { name: 'Åsa Öberg', party: null, organisation: 'Region Norrfjäll', role: 'sekreterare', title: 'regional samverkanskoordinator', status: 'present', substituteFor: null, fromItem: null, untilItem: null, justerare: false },
      { name: 'Lena Kärr', party: null, organisation: 'SKR', role: 'gäst', title: null, status: 'guest', substituteFor: null, fromItem: null, untilItem: null, justerare: false },
    ],
    items: [
      {
        number: 25,
        title: options.firstTitle ?? 'Ansvarsfördelning för vaccinationer i särskilt boende',
        kind: 'beslut',
        presenter: 'AU',
        text: 'Det råder oklarheter om ansvaret för säsongsvaccinationer.\nAU presenterade ett förslag på fortsatt process.',
        sentence: `${BODY} beslutade att godkänna förslaget på fortsatt arbetsprocess.`,
        decision: {
          type: 'vote',
          status: 'closed',
          sentence: `${BODY} beslutade att godkänna förslaget på fortsatt arbetsprocess.`,
          result: 'bifall',
          tally: { bifall: 4, avslag: 1, avstar: 0 },
          ballots: [
            { name: 'Märta Lindqvist', choice: 'bifall' },
            { name: 'Östen Sjöström', choice: 'bifall' },
            { name: 'Ingrid Näslund', choice: 'bifall' },
            { name: 'Björn Åström', choice: 'bifall' },
            { name: 'Ragnar Hällgren', choice: 'avslag' },
          ],
          byPrincipal: [],
          reservations: ['Ragnar Hällgren'],
        },
      },
      {
        number: 26,
        title: 'Inriktning för nära vård 2027',
        kind: 'beslut',
        presenter: 'Östen Sjöström',
        text: 'Förslaget har beretts i Länssamverkansgruppen.',
        sentence: `${BODY} beslutade att rekommendera respektive huvudman att anta inriktningen.`,
        decision: {
          type: 'inriktningsbeslut',
          status: 'closed',
          sentence: `${BODY} beslutade att rekommendera respektive huvudman att anta inriktningen.`,
          result: 'enig',
          tally: { bakom: 4, invandning: 0, avstar: 1 },
          ballots: [],
          byPrincipal: [
            { organisation: 'Älvby kommun', choice: 'bakom' },
            { organisation: 'Region Norrfjäll', choice: 'bakom' },
            { organisation: 'Tallmo kommun', choice: 'avstar' },
          ],
          reservations: [],
        },
      },
      { number: 27, title: 'Nästa möte', kind: 'information', presenter: null, text: 'Nästa möte hålls den 10 september på Teams.', sentence: `${BODY} godkände informationen.`, decision: null },
    ],
    signatures: status === 'signed' ? signatures : finalised ? signatures.slice(0, 1) : [],
  };
}
