/**
 * Every Swedish word the meeting chat's cards show, in one place. The button titles marked
 * normative are SPEC §5 contracts (acceptance tests press them by title): keep them exact.
 */
import type { Choice, DecisionResult, DecisionType, SignerRole } from '../../core/domain/model.js';
import type { PrincipalChoice } from '../../core/domain/rules/results.js';

/** Button titles fixed by SPEC §5 (normative). */
export const BUTTONS = {
  checkIn: 'Närvarande',
  leave: 'Lämnar mötet',
  closeRollCall: 'Avsluta upprop',
  approveAgenda: 'Godkänn föredragningslistan',
  requestChange: 'Begär ändring',
  bifall: 'Bifall',
  avslag: 'Avslag',
  avstar: 'Avstår',
  bakom: 'Ställer mig bakom',
  invandning: 'Invändning',
  closeVote: 'Avsluta omröstning',
  reserve: 'Reservera mig',
} as const;

/** Titles of the other controls (ours to choose). */
export const CONTROLS = {
  startRollCall: 'Starta upprop',
  setStatus: 'Ändra närvaro',
  addGuest: 'Lägg till gäst',
  save: 'Spara',
  add: 'Lägg till',
  proxyBallot: 'Rösta åt ledamot',
  registerBallot: 'Registrera rösten',
  reserveFor: 'Anteckna reservation',
  registerReservation: 'Anteckna',
  closeAcclamation: 'Fastställ beslutet',
  sign: 'Underteckna protokollet',
  openProtocol: 'Öppna protokollet',
  openTab: 'Öppna Samverkan',
} as const;

export const LABELS = {
  person: 'Person',
  personRequired: 'Välj en person.',
  status: 'Ny status',
  statusRequired: 'Välj en status.',
  guestName: 'Gästens namn',
  guestNameRequired: 'Skriv gästens namn.',
  guestOrganisation: 'Organisation (frivilligt)',
  changeRequest: 'Vad vill du ändra? (frivilligt)',
  voter: 'Ledamot',
  voterRequired: 'Välj en ledamot.',
  choice: 'Röst',
  choiceRequired: 'Välj en röst.',
  reservationText: 'Motivering till reservationen (frivilligt)',
  reserveFor: 'Ledamot som reserverar sig',
};

export const STATUS_CHOICES = {
  present: 'Närvarande',
  absent: 'Frånvarande',
  serving: (name: string) => `Ersätter ${name}`,
};

export const CHOICE_LABELS: Record<Choice, string> = {
  bifall: 'Bifall',
  avslag: 'Avslag',
  avstar: 'Avstår',
  bakom: 'Ställer mig bakom',
  invandning: 'Invändning',
};

/** The same choices counted in the third person ("Ställer sig bakom 10"). */
export const CHOICE_COUNT_LABELS: Record<Choice, string> = {
  bifall: 'Bifall',
  avslag: 'Avslag',
  avstar: 'Avstår',
  bakom: 'Ställer sig bakom',
  invandning: 'Invändning',
};

export const PRINCIPAL_LABELS: Record<PrincipalChoice, string> = {
  bakom: 'Ställer sig bakom',
  invandning: 'Invändning',
  avstar: 'Avstår',
  'ej röstat': 'Har inte tagit ställning',
};

export const DECISION_TYPE_LABELS: Record<DecisionType, string> = {
  vote: 'Omröstning',
  inriktningsbeslut: 'Inriktningsbeslut',
  acklamation: 'Beslut med acklamation',
};

export const RESULT_LABELS: Record<DecisionResult, string> = {
  bifall: 'Bifall',
  avslag: 'Avslag',
  'bifall-utslagsrost': 'Bifall (ordförandens utslagsröst)',
  'avslag-utslagsrost': 'Avslag (ordförandens utslagsröst)',
  enig: 'Enig – alla huvudmän ställer sig bakom',
  'ej-enig': 'Ej enig – minst en huvudman har invändningar',
  acklamation: 'Beslutat med acklamation',
};

export const SIGNER_LABELS: Record<SignerRole, string> = {
  sekreterare: 'Sekreterare',
  justerare: 'Justerare',
  ordförande: 'Ordförande',
};

export const CARD_TEXT = {
  subheading: (bodyName: string, date: string, dnr: string | null) => [bodyName, date, dnr].filter(Boolean).join(' · '),
  quorum: (filled: number, seats: number, quorate: boolean) => `${quorate ? 'Beslutsför' : 'Ej beslutsför'} (${filled} av ${seats})`,
  more: (n: number) => `… och ${n} till`,
  none: 'Ingen',

  rollCallHeading: 'Upprop',
  rollCallState: {
    'not-started': 'Uppropet har inte börjat.',
    open: 'Uppropet pågår. Tryck Närvarande när du är med.',
    closed: 'Uppropet är avslutat. Kommer du senare, tryck Närvarande.',
  },
  presentHeading: (n: number) => `Närvarande (${n})`,
  notCheckedInHeading: (n: number) => `Inte incheckade (${n})`,
  absentHeading: (n: number) => `Frånvarande (${n})`,
  guestsHeading: (n: number) => `Gäster (${n})`,
  youCheckedIn: 'Du är incheckad.',
  youNotCheckedIn: 'Du är inte incheckad.',
  youServe: (name: string) => `Du tjänstgör som ersättare för ${name}.`,
  youJoinedFrom: (n: number) => `Du anslöt från punkt ${n}.`,
  youLeftAfter: (n: number) => `Du lämnade mötet efter punkt ${n}.`,
  youLeft: 'Du har lämnat mötet.',

  agendaHeading: 'Föredragningslista',
  agendaState: {
    draft: 'Förslag till föredragningslista – inte godkänd än.',
    approved: 'Föredragningslistan är godkänd.',
  },
  agendaEmpty: 'Föredragningslistan är tom.',
  itemLine: (n: number, title: string) => `**${n}.** ${title}`,
  itemKind: { beslut: 'Beslutsärende', information: 'Informationsärende' },
  presenter: (name: string) => `Föredragande: ${name}`,
  currentItem: 'Behandlas nu',
  youMayRequestChange: 'Vill du ändra något på listan? Skriv det och tryck Begär ändring.',
  youApprove: 'Som ordförande eller sekreterare godkänner du listan.',

  decisionHeading: (n: number, title: string) => `Punkt ${n}. ${title}`,
  proposal: (p: string) => `Förslag till beslut: ${/^att\s/i.test(p.trim()) ? p.trim() : `att ${p.trim()}`}`,
  voteOpen: 'Omröstningen pågår.',
  voteClosed: 'Omröstningen är avslutad.',
  acclamationOpen: 'Ordföranden fastställer beslutet utan omröstning.',
  notVotedCount: (n: number) => `${n} har inte röstat`,
  notVotedHeading: (n: number) => `Har inte röstat (${n})`,
  principalsHeading: 'Per huvudman',
  principalSummary: (parts: string[]) => `Huvudmän: ${parts.join(' · ')}`,
  result: (label: string) => `Beslut: ${label}`,
  reservations: (names: string[]) => `Reservation: ${names.join(', ')} reserverar sig mot beslutet.`,
  youVoted: (label: string) => `Du har röstat: ${label}`,
  youNotVoted: 'Du har inte röstat än.',
  youNoVote: 'Du har inte rösträtt i den här omröstningen.',
  youDidNotVote: 'Du röstade inte.',
  youReserved: 'Du har reserverat dig mot beslutet.',
  youMayReserve: 'Du röstade emot beslutet och kan reservera dig.',

  linkHeading: 'Koppla chatten till ett möte',
  linkIntro: 'Välj mötet som den här chatten hör till. Bara ordförande, vice ordförande och sekreterare kan välja.',
  linkNone: 'Det finns inga möten från 7 dagar bakåt till 60 dagar framåt i de grupper du tillhör.',
  linkTitle: (bodyName: string, date: string, dnr: string | null) => [bodyName, date, dnr].filter(Boolean).join(' '),

  helpHeading: 'Kommandon',
  helpIntro: 'Skriv kommandot i chatten, med eller utan @omnämnande. Det engelska ordet fungerar också.',
  helpChairOnly: 'ordförande, sekreterare',
  helpAnyone: 'alla',

  protocolHeading: 'Protokoll',
  protocolState: {
    draft: 'Utkast – protokollet är inte fastställt än.',
    finalised: (v: number) => `Fastställt, version ${v}. Väntar på underskrift.`,
    signed: (v: number) => `Undertecknat, version ${v}. Protokollet ändras inte längre.`,
  },
  signaturesHeading: 'Underskrifter',
  waitingFor: (roles: string[]) => `Väntar på: ${roles.join(', ')}`,
  signedBy: (name: string, at: string) => `${name}, ${at}`,
  youSign: (roles: string[]) => `Du undertecknar som ${roles.join(' och ')}.`,
} as const;

/** The commands of SPEC §5, as the help card lists them. */
export const HELP_COMMANDS: { command: string; english: string; chairOnly: boolean; what: string }[] = [
  { command: 'upprop', english: 'rollcall', chairOnly: true, what: 'Lägger ut uppropet.' },
  { command: 'dagordning', english: 'agenda', chairOnly: true, what: 'Lägger ut föredragningslistan för godkännande.' },
  { command: 'nästa', english: 'next', chairOnly: true, what: 'Går vidare till nästa punkt på listan.' },
  { command: 'beslut [nr]', english: 'decide [nr]', chairOnly: true, what: 'Tar upp punkt [nr] och öppnar beslutet.' },
  { command: 'protokoll', english: 'minutes', chairOnly: false, what: 'Visar hur långt protokollet har kommit och länkar till det.' },
  { command: 'hjälp', english: 'help', chairOnly: false, what: 'Visar den här listan.' },
];
