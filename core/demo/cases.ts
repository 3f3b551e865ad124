/**
 * The demo cases (ärenden) and the path each takes through the bodies during 2026.
 *
 * A case follows a route: a beredning prepares, LSG processes and sends it up, the Samråd
 * takes the inriktningsbeslut or sends an uppdrag back down, and a återrapport comes later.
 * `planCaseSteps` puts each step on the next meeting of the right body that has room, so the
 * agendas (built in roster.ts) and the case events (built here) come from the same plan and
 * always agree. Everything is deterministic.
 */
import type { Case, CaseEvent, CaseOutcome, DecisionType, ItemKind } from '../domain/model.js';
import {
  BODY_KEYS,
  BODY_NAMES,
  DEMO_REFERENCE_DATE,
  demoCalendar,
  localTime,
  type DemoBodyKey,
  type MeetingSlot,
} from './calendar.js';
import { createRng } from './random.js';

type Beredning = typeof BODY_KEYS.barn | typeof BODY_KEYS.vuxna;
type Route = 'upp' | 'omtag' | 'ned' | 'extern' | 'lsg' | 'beredning' | 'info';

interface CaseTemplate {
  key: string;
  title: string;
  beredning: Beredning;
  route: Route;
  /** The case enters the flow after this date. */
  start: string;
  /** One or two sentences on what the case is about, used in item texts. */
  background: string;
  /** The substance of the final decision, as an infinitive phrase ("anta …"). */
  proposal: string;
  /** Who sent it in, for cases that arrive from outside (route `extern`). */
  from?: string;
  /** Organisation whose voter objects when the Samråd first takes it up (route `omtag`). */
  objector?: string;
}

const CATALOGUE: CaseTemplate[] = [
  {
    key: 'c-vaccination-hemsjukvard',
    title: 'Ansvarsfördelning för vaccinationer i kommunal hemsjukvård',
    beredning: 'ber-vuxna',
    route: 'upp',
    start: '2026-01-01',
    background:
      'Det råder oklarhet om vem som ansvarar för vaccinationer mot influensa, covid-19 och pneumokocker för patienter inskrivna i kommunal hemsjukvård.',
    proposal: 'ställa sig bakom förslaget till ansvarsfördelning för vaccinationer i kommunal hemsjukvård',
  },
  {
    key: 'c-vardhygienavtal',
    title: 'Nytt länsgemensamt avtal om vårdhygienisk kompetens',
    beredning: 'ber-vuxna',
    route: 'omtag',
    objector: 'asele',
    start: '2026-01-01',
    background:
      'Nuvarande avtal om vårdhygienisk rådgivning till kommunerna löper ut vid årsskiftet. Ett nytt avtal har arbetats fram med en tydligare beskrivning av tjänsten och en ny fördelningsnyckel för kostnaderna.',
    proposal: 'ställa sig bakom förslaget till nytt avtal om vårdhygienisk kompetens',
  },
  {
    key: 'c-hjalpmedelsstrategi',
    title: 'Revidering av länsgemensam hjälpmedelsstrategi',
    beredning: 'ber-vuxna',
    route: 'upp',
    start: '2026-02-15',
    background:
      'Hjälpmedelsstrategin från 2021 har följts upp. Uppföljningen visar stora skillnader i tillgång till förskrivare mellan länsdelarna och ett behov av gemensamma riktlinjer för enklare hjälpmedel.',
    proposal: 'anta den reviderade hjälpmedelsstrategin för Västerbottens län',
  },
  {
    key: 'c-samsjuklighet',
    title: 'Samsjuklighet – gemensam handlingsplan för beroende och psykisk ohälsa',
    beredning: 'ber-vuxna',
    route: 'upp',
    start: '2026-03-01',
    background:
      'Samsjuklighetsutredningen föreslår ett samlat huvudmannaskap för vård av personer med samsjuklighet. I väntan på lagstiftning behöver huvudmännen i länet en gemensam handlingsplan för hur insatserna samordnas.',
    proposal: 'ställa sig bakom den gemensamma handlingsplanen för personer med samsjuklighet',
  },
  {
    key: 'c-barn-psykisk-halsa',
    title: 'Barn och ungas psykiska hälsa – gemensam insatstrappa',
    beredning: 'ber-barn',
    route: 'upp',
    start: '2026-01-01',
    background:
      'Köerna till barn- och ungdomspsykiatrin är långa samtidigt som elevhälsa och socialtjänst efterfrågar tydligare vägar till stöd på första linjen. En gemensam insatstrappa ska beskriva vem som gör vad på varje nivå.',
    proposal: 'ställa sig bakom den gemensamma insatstrappan för barn och ungas psykiska hälsa',
  },
  {
    key: 'c-utskrivningsprocess',
    title: 'Reviderad process för samverkan vid utskrivning från sluten vård',
    beredning: 'ber-vuxna',
    route: 'upp',
    start: '2026-04-15',
    background:
      'Antalet utskrivningsklara patienter som blir kvar på sjukhus har ökat under våren. Processen för samverkan vid utskrivning har setts över med fokus på planering från inskrivningsdagen och tydligare kommunikation via den gemensamma IT-tjänsten.',
    proposal: 'anta den reviderade processen för samverkan vid utskrivning från sluten hälso- och sjukvård',
  },
  {
    key: 'c-demensvard',
    title: 'Länsgemensam vårdkedja för personer med demenssjukdom',
    beredning: 'ber-vuxna',
    route: 'upp',
    start: '2026-05-01',
    background:
      'De nationella riktlinjerna för vård och omsorg vid demenssjukdom har uppdaterats. Beredningen har kartlagt vårdkedjan från utredning i primärvården till stöd i ordinärt boende och på särskilt boende.',
    proposal: 'ställa sig bakom den länsgemensamma vårdkedjan för personer med demenssjukdom',
  },
  {
    key: 'c-palliativ-vard',
    title: 'Regional samverkansrutin för palliativ vård i livets slutskede',
    beredning: 'ber-vuxna',
    route: 'upp',
    start: '2026-08-15',
    background:
      'Brytpunktssamtal och ordinationer av vid behovs-läkemedel i livets slutskede hanteras olika i länet. En gemensam rutin ska göra det tryggare för patienter, närstående och personal.',
    proposal: 'anta den regionala samverkansrutinen för palliativ vård i livets slutskede',
  },
  {
    key: 'c-primarvardsplan',
    title: 'Gemensam primärvårdsplan för Västerbotten',
    beredning: 'ber-vuxna',
    route: 'ned',
    start: '2026-01-01',
    background:
      'Primärvården ska vara navet i omställningen till en god och nära vård. Eftersom ansvaret för primärvården är delat mellan region och kommuner behövs en gemensam plan med mål, ansvarsfördelning och uppföljning.',
    proposal: 'ställa sig bakom den gemensamma primärvårdsplanen för Västerbotten',
  },
  {
    key: 'c-nya-socialtjanstlagen',
    title: 'Nya socialtjänstlagen – konsekvenser för samverkan',
    beredning: 'ber-barn',
    route: 'ned',
    start: '2026-02-01',
    background:
      'Den nya socialtjänstlagen betonar förebyggande och lättillgängliga insatser. Samverkansöverenskommelser som hänvisar till den gamla lagen behöver ses över, liksom rutiner för insatser utan biståndsbedömning.',
    proposal: 'ställa sig bakom förslaget till anpassning av samverkansöverenskommelserna till nya socialtjänstlagen',
  },
  {
    key: 'c-suicidprevention',
    title: 'Länsgemensam handlingsplan för suicidprevention',
    beredning: 'ber-vuxna',
    route: 'ned',
    start: '2026-03-15',
    background:
      'Den nationella strategin för psykisk hälsa och suicidprevention gäller till 2034. Länet saknar en gemensam handlingsplan som knyter ihop regionens, kommunernas och civilsamhällets insatser.',
    proposal: 'ställa sig bakom den länsgemensamma handlingsplanen för suicidprevention',
  },
  {
    key: 'c-foraldraskapsstod',
    title: 'Regional strategi för föräldraskapsstöd',
    beredning: 'ber-barn',
    route: 'ned',
    start: '2026-05-15',
    background:
      'Föräldraskapsstöd erbjuds i dag av mödra- och barnhälsovården, förskolan och socialtjänsten utan gemensam plan. En regional strategi ska ge alla föräldrar i länet tillgång till stöd under barnets hela uppväxt.',
    proposal: 'ställa sig bakom den regionala strategin för föräldraskapsstöd',
  },
  {
    key: 'c-civilt-forsvar',
    title: 'Krisberedskap och civilt försvar i vård och omsorg',
    beredning: 'ber-vuxna',
    route: 'ned',
    start: '2026-07-01',
    background:
      'Huvudmännen behöver kunna bedriva hälso- och sjukvård och omsorg även vid höjd beredskap. Läkemedelsförsörjning, personalplanering och reservrutiner för gemensamma IT-tjänster är områden där region och kommuner är beroende av varandra.',
    proposal: 'ställa sig bakom den gemensamma planeringsinriktningen för vård och omsorg vid höjd beredskap',
  },
  {
    key: 'c-munhalsa',
    title: 'Uppsökande munhälsobedömning för personer med omfattande omvårdnadsbehov',
    beredning: 'ber-vuxna',
    route: 'extern',
    start: '2026-01-05',
    from: 'Tandvårdsenheten, Region Västerbotten',
    background:
      'Andelen berättigade som får en uppsökande munhälsobedömning varierar mellan kommunerna från drygt 30 till över 80 procent. Tandvårdsenheten har i en skrivelse efterfrågat gemensamma rutiner för att identifiera och informera berättigade.',
    proposal: 'ställa sig bakom de gemensamma rutinerna för uppsökande munhälsobedömning',
  },
  {
    key: 'c-informationsoverforing',
    title: 'Sammanhållen informationsöverföring – införande av ny IT-tjänst',
    beredning: 'ber-vuxna',
    route: 'extern',
    start: '2026-02-02',
    from: 'Regionens e-hälsoenhet',
    background:
      'Den nuvarande tjänsten för informationsöverföring vid in- och utskrivning ska ersättas. Införandet berör alla kommuner och kräver gemensam utbildning, gemensamma rutiner och en plan för övergångsperioden.',
    proposal: 'ställa sig bakom införandeplanen för den nya IT-tjänsten för informationsöverföring',
  },
  {
    key: 'c-uph-medel-2027',
    title: 'Fördelning av länsgemensamma medel för psykisk hälsa 2027',
    beredning: 'ber-barn',
    route: 'extern',
    start: '2026-04-20',
    from: 'FoU Socialtjänst',
    background:
      'De statliga medlen för psykisk hälsa och suicidprevention fördelas via en länsgemensam pott. FoU Socialtjänst har sammanställt ansökningarna och föreslår prioriterade områden för 2027.',
    proposal: 'ställa sig bakom den föreslagna fördelningen av länsgemensamma medel för psykisk hälsa 2027',
  },
  {
    key: 'c-vald-nara-relationer',
    title: 'Gemensam vårdrutin vid våld i nära relationer',
    beredning: 'ber-vuxna',
    route: 'extern',
    start: '2026-06-20',
    from: 'SKR',
    background:
      'SKR har i en skrivelse uppmanat regioner och kommuner att säkerställa att frågor om våldsutsatthet ställs rutinmässigt. I länet saknas en gemensam rutin för hur hälso- och sjukvården och socialtjänsten lotsar den som är utsatt.',
    proposal: 'anta den gemensamma vårdrutinen vid våld i nära relationer',
  },
  {
    key: 'c-lakarmedverkan',
    title: 'Läkarmedverkan i kommunal hälso- och sjukvård',
    beredning: 'ber-vuxna',
    route: 'lsg',
    start: '2026-01-01',
    background:
      'Flera kommuner upplever att läkarmedverkan i hemsjukvården och på särskilda boenden inte motsvarar överenskommelsen. Hälsocentralernas åtaganden behöver följas upp och förtydligas.',
    proposal: 'godkänna återrapporten om läkarmedverkan och avsluta ärendet',
  },
  {
    key: 'c-tvistlosning',
    title: 'Ordning för hantering av oenighet i hemsjukvårdsärenden',
    beredning: 'ber-vuxna',
    route: 'lsg',
    start: '2026-02-15',
    background:
      'När region och kommun inte är överens om ansvaret i ett enskilt hemsjukvårdsärende saknas i dag en tydlig väg för att lösa frågan. En ordning i tre steg har föreslagits, där det sista steget är Länssamverkansgruppen.',
    proposal: 'fastställa ordningen för hantering av oenighet i hemsjukvårdsärenden och avsluta ärendet',
  },
  {
    key: 'c-sip',
    title: 'Reviderad överenskommelse om samordnad individuell plan (SIP)',
    beredning: 'ber-barn',
    route: 'lsg',
    start: '2026-03-15',
    background:
      'Uppföljningen av SIP visar att planerna ofta upprättas sent och att den enskilde inte alltid är delaktig. Överenskommelsen behöver revideras med tydligare ansvar för sammankallande och för uppföljning.',
    proposal: 'godkänna den reviderade överenskommelsen om samordnad individuell plan och avsluta ärendet',
  },
  {
    key: 'c-lpt-transporter',
    title: 'Transporter vid psykiatrisk tvångsvård',
    beredning: 'ber-vuxna',
    route: 'lsg',
    start: '2026-05-01',
    background:
      'Transporter av patienter som ska bedömas för psykiatrisk tvångsvård görs i dag ofta av polis, vilket upplevs som stigmatiserande. En samverkansmodell med ambulanssjukvården och kommunernas socialjour har prövats i två kommuner.',
    proposal: 'godkänna utvärderingen av samverkansmodellen för transporter och avsluta ärendet',
  },
  {
    key: 'c-hemsjukvard-uppfoljning',
    title: 'Uppföljning av överenskommelsen om hälso- och sjukvård i hemmet',
    beredning: 'ber-vuxna',
    route: 'lsg',
    start: '2026-06-20',
    background:
      'Överenskommelsen om hälso- och sjukvård i hemmet ska följas upp vartannat år. Uppföljningen omfattar inskrivningskriterier, läkarmedverkan och hur hemsjukvård till barn fungerar.',
    proposal: 'godkänna uppföljningen av överenskommelsen om hälso- och sjukvård i hemmet och avsluta ärendet',
  },
  {
    key: 'c-barn-som-anhoriga',
    title: 'Gemensam rutin för barn som anhöriga',
    beredning: 'ber-barn',
    route: 'beredning',
    start: '2026-01-01',
    background:
      'Hälso- och sjukvården ska enligt lag beakta barns behov av information och stöd när en förälder är sjuk. Rutinerna skiljer sig åt mellan regionen och kommunerna och barn faller mellan stolarna.',
    proposal: 'fastställa den gemensamma rutinen för barn som anhöriga',
  },
  {
    key: 'c-lakemedelsgenomgangar',
    title: 'Läkemedelsgenomgångar på särskilt boende',
    beredning: 'ber-vuxna',
    route: 'beredning',
    start: '2026-02-15',
    background:
      'Socialstyrelsens föreskrift kräver årliga läkemedelsgenomgångar för äldre med fem eller fler läkemedel. Mätningar visar att endast hälften av de boende på särskilt boende har fått en genomgång det senaste året.',
    proposal: 'fastställa arbetsfördelningen för läkemedelsgenomgångar på särskilt boende',
  },
  {
    key: 'c-ungdomsmottagningar',
    title: 'Länsgemensam uppdragsbeskrivning för ungdomsmottagningar',
    beredning: 'ber-barn',
    route: 'beredning',
    start: '2026-03-01',
    background:
      'Ungdomsmottagningarna drivs i olika former i länet och har olika öppettider och bemanning. En gemensam uppdragsbeskrivning ska säkra en likvärdig tillgång för unga upp till 25 år.',
    proposal: 'fastställa den länsgemensamma uppdragsbeskrivningen för ungdomsmottagningar',
  },
  {
    key: 'c-npf-utredningar',
    title: 'Samverkan kring neuropsykiatriska utredningar av barn',
    beredning: 'ber-barn',
    route: 'beredning',
    start: '2026-04-15',
    background:
      'Väntetiden för neuropsykiatriska utredningar av barn är över ett år i delar av länet. Elevhälsan och barn- och ungdomspsykiatrin har tagit fram ett förslag om gemensamt underlag och stöd i väntan på utredning.',
    proposal: 'fastställa rutinen för samverkan kring neuropsykiatriska utredningar av barn',
  },
  {
    key: 'c-underskoterskor',
    title: 'Gemensam utbildningsinsats för undersköterskor',
    beredning: 'ber-vuxna',
    route: 'beredning',
    start: '2026-05-20',
    background:
      'Skyddet av yrkestiteln undersköterska ställer krav på kompetensutveckling för många medarbetare i kommunerna och regionen. Ett gemensamt upplägg med vuxenutbildningen kan ge fler möjlighet att ansöka om bevis.',
    proposal: 'fastställa upplägget för den gemensamma utbildningsinsatsen för undersköterskor',
  },
  {
    key: 'c-digital-vard',
    title: 'Digital vård och distansmonitorering i hemmet',
    beredning: 'ber-vuxna',
    route: 'info',
    start: '2026-01-01',
    background:
      'Ett pilotprojekt med distansmonitorering av patienter med hjärtsvikt pågår i två kommuner. Lärdomar från piloten ska ligga till grund för ett eventuellt länsgemensamt införande.',
    proposal: 'godkänna informationen',
  },
  {
    key: 'c-barnahus',
    title: 'Barnahus Västerbotten – lägesrapport och fortsatt finansiering',
    beredning: 'ber-barn',
    route: 'info',
    start: '2026-03-15',
    background:
      'Barnahus Västerbotten samordnar utredningar när barn misstänks ha utsatts för våld eller övergrepp. Finansieringen efter 2026 behöver klargöras mellan regionen och kommunerna.',
    proposal: 'godkänna informationen',
  },
  {
    key: 'c-modellomrade',
    title: 'Nära vård – lägesrapport från modellområde Södra Lappland',
    beredning: 'ber-vuxna',
    route: 'info',
    start: '2026-07-01',
    background:
      'I modellområdet prövas gemensam bemanning av hälsocentral och kommunal hemsjukvård. Utvärderingen efter första året visar färre oplanerade återinläggningar men ökade krav på gemensam planering.',
    proposal: 'godkänna informationen',
  },
];

type StepBody = DemoBodyKey | 'B';
/** Who presents the item: the beredning's chair, LSG's chair, or a subject-matter expert. */
export type PresenterHint = 'beredning-ordförande' | 'lsg-ordförande' | 'expert';

interface StepTemplate {
  body: StepBody;
  outcome: CaseOutcome;
  toBody: StepBody | null;
  kind: ItemKind;
  decision: DecisionType | null;
  /** Prefix of the item title ("Återrapport: …"). */
  prefix?: string;
  presenter: PresenterHint;
  proposal?: (c: CaseTemplate) => string;
  /** Protocol text of the item, 2–4 sentences. */
  text: (c: CaseTemplate, pick: <T>(xs: readonly T[]) => T) => string;
  /** The case is closed once this step has been taken. */
  closes?: boolean;
  /** Days that must pass after the previous step (huvudmännen need time to adopt). */
  delayDays?: number;
}

const lsgName = BODY_NAMES.lsg;
const samradName = BODY_NAMES.samrad;
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const DISCUSSION = [
  'Under diskussionen lyftes behovet av att små kommuner får stöd i genomförandet.',
  'Flera ledamöter betonade vikten av att brukarperspektivet finns med i det fortsatta arbetet.',
  'Diskussionen handlade främst om kostnadsfördelningen mellan huvudmännen.',
  'Det framkom att förutsättningarna skiljer sig mellan länsdelarna, vilket behöver beaktas vid införandet.',
  'Ledamöterna var överens om att frågan är angelägen och att arbetet bör ske i befintliga strukturer.',
];

const STEP: Record<string, StepTemplate> = {
  berInfo: {
    body: 'B',
    outcome: 'information',
    toBody: null,
    kind: 'information',
    decision: null,
    presenter: 'expert',
    text: (c, pick) =>
      `${c.background} Beredningen fick en första genomgång av underlaget och av hur frågan hanteras i länets kommuner i dag. ${pick(DISCUSSION)}`,
  },
  berForward: {
    body: 'B',
    outcome: 'beslut',
    toBody: 'lsg',
    kind: 'beslut',
    decision: 'vote',
    presenter: 'expert',
    proposal: () => `ställa sig bakom förslaget och överlämna det till ${lsgName}`,
    text: (c, pick) =>
      `Ett reviderat förslag har tagits fram efter synpunkter från huvudmännen. ${pick(DISCUSSION)} Beredningen ställde sig bakom att förslaget går vidare till ${lsgName} för ställningstagande.`,
  },
  berReport: {
    body: 'B',
    outcome: 'återrapport',
    toBody: 'lsg',
    kind: 'beslut',
    decision: 'vote',
    prefix: 'Återrapport: ',
    presenter: 'beredning-ordförande',
    proposal: () => `godkänna återrapporten och överlämna den till ${lsgName}`,
    text: (c, pick) =>
      `Beredningen har arbetat med uppdraget från ${lsgName} under våren och hösten. ${pick(DISCUSSION)} Ett förslag och en sammanfattande återrapport överlämnas nu.`,
  },
  berInfoProgress: {
    body: 'B',
    outcome: 'information',
    toBody: null,
    kind: 'information',
    decision: null,
    presenter: 'expert',
    text: (c) =>
      `Arbetet med uppdraget har startat och en arbetsgrupp med representanter från regionen och tre kommuner är utsedd. ${c.background} En första avstämning görs till nästa möte.`,
  },
  lsgForwardUp: {
    body: 'lsg',
    outcome: 'beslut',
    toBody: 'samrad',
    kind: 'beslut',
    decision: 'vote',
    presenter: 'beredning-ordförande',
    proposal: () => `ställa sig bakom förslaget och överlämna det till ${samradName} för inriktningsbeslut`,
    text: (c, pick) =>
      `Ordföranden i beredningen redogjorde för förslaget och för hur det har förankrats hos huvudmännen. ${c.background} ${pick(DISCUSSION)}`,
  },
  lsgAssignDown: {
    body: 'lsg',
    outcome: 'uppdrag',
    toBody: 'B',
    kind: 'beslut',
    decision: 'acklamation',
    presenter: 'lsg-ordförande',
    proposal: (c) => `uppdra åt ${BODY_NAMES[c.beredning]} att bereda ärendet och återkomma med ett förslag`,
    text: (c) =>
      `${c.background} Ordföranden föreslog att frågan bereds vidare i ${BODY_NAMES[c.beredning]}, som har rätt sammansättning för uppdraget.`,
  },
  lsgInfo: {
    body: 'lsg',
    outcome: 'information',
    toBody: null,
    kind: 'information',
    decision: null,
    presenter: 'expert',
    text: (c, pick) => `${c.background} ${pick(DISCUSSION)} Länssamverkansgruppen återkommer till frågan vid ett kommande möte.`,
  },
  lsgClose: {
    body: 'lsg',
    outcome: 'avslutat',
    toBody: null,
    kind: 'beslut',
    decision: 'vote',
    presenter: 'beredning-ordförande',
    proposal: (c) => c.proposal,
    text: (c, pick) =>
      `Beredningen har slutfört sitt arbete och redovisade resultatet. ${pick(DISCUSSION)} Ärendet kan därmed avslutas i samverkansstrukturen och fortsatt arbete sker i respektive huvudmans linjeorganisation.`,
    closes: true,
  },
  lsgDecide: {
    body: 'lsg',
    outcome: 'beslut',
    toBody: null,
    kind: 'beslut',
    decision: 'vote',
    presenter: 'beredning-ordförande',
    proposal: (c) => c.proposal,
    text: (c, pick) =>
      `${c.background} Beredningen har tagit fram ett förslag som remitterats till samtliga huvudmän. ${pick(DISCUSSION)}`,
    closes: true,
  },
  lsgInfoUp: {
    body: 'lsg',
    outcome: 'information',
    toBody: 'samrad',
    kind: 'information',
    decision: null,
    presenter: 'expert',
    text: (c) => `${c.background} Länssamverkansgruppen informerades om läget och beslutade att informationen även ska ges till ${samradName}.`,
  },
  samradInriktning: {
    body: 'samrad',
    outcome: 'beslut',
    toBody: null,
    kind: 'beslut',
    decision: 'inriktningsbeslut',
    presenter: 'lsg-ordförande',
    proposal: (c) => `${c.proposal} och rekommendera respektive huvudman att anta förslaget`,
    text: (c, pick) =>
      `Ordföranden i ${lsgName} presenterade förslaget som beretts i samverkansstrukturen. ${c.background} ${pick(DISCUSSION)}`,
    closes: true,
  },
  samradNoConsensus: {
    body: 'samrad',
    outcome: 'uppdrag',
    toBody: 'lsg',
    kind: 'beslut',
    decision: 'inriktningsbeslut',
    presenter: 'lsg-ordförande',
    proposal: (c) => `${c.proposal} och rekommendera respektive huvudman att anta förslaget`,
    text: (c) =>
      `Ordföranden i ${lsgName} presenterade förslaget. ${c.background} Flera av de mindre kommunerna framförde att kostnadsfördelningen slår ojämnt, och samrådet gav ${lsgName} i uppdrag att se över förslaget och återkomma.`,
  },
  samradAssign: {
    body: 'samrad',
    outcome: 'uppdrag',
    toBody: 'lsg',
    kind: 'beslut',
    decision: 'vote',
    presenter: 'lsg-ordförande',
    proposal: (c) => `uppdra åt ${lsgName} att ta fram ett förslag gällande ${lower(c.title)}`,
    text: (c) =>
      `${c.background} Samrådet diskuterade hur frågan bör hanteras och vilka huvudmän som behöver involveras. Ett förslag ska tas fram i samverkansstrukturen och återrapporteras till samrådet.`,
  },
  lsgAdoption: {
    body: 'lsg',
    outcome: 'återrapport',
    toBody: null,
    kind: 'information',
    decision: null,
    prefix: 'Återrapport: ',
    presenter: 'lsg-ordförande',
    text: (c, pick) =>
      `Länssamverkansgruppen fick en återrapport om hur inriktningsbeslutet har förankrats hos huvudmännen. ${pick(['Tolv', 'Tretton', 'Fjorton'])} av sexton huvudmän har fattat beslut i sina nämnder och övriga har ärendet på dagordningen under hösten. Det fortsatta arbetet följs upp i ordinarie verksamhetsuppföljning.`,
    closes: true,
    delayDays: 75,
  },
  samradInfo: {
    body: 'samrad',
    outcome: 'information',
    toBody: null,
    kind: 'information',
    decision: null,
    presenter: 'expert',
    text: (c, pick) => `${c.background} ${pick(DISCUSSION)} Samrådet tackade för informationen.`,
    closes: true,
  },
};

const ROUTES: Record<Route, StepTemplate[]> = {
  upp: [STEP.berInfo!, STEP.berForward!, STEP.lsgForwardUp!, STEP.samradInriktning!, STEP.lsgAdoption!],
  omtag: [
    STEP.berInfo!,
    STEP.berForward!,
    STEP.lsgForwardUp!,
    STEP.samradNoConsensus!,
    STEP.lsgAssignDown!,
    STEP.berReport!,
    STEP.lsgForwardUp!,
    STEP.samradInriktning!,
  ],
  ned: [STEP.samradAssign!, STEP.lsgAssignDown!, STEP.berInfoProgress!, STEP.berReport!, STEP.lsgForwardUp!, STEP.samradInriktning!],
  extern: [STEP.lsgAssignDown!, STEP.berInfoProgress!, STEP.berForward!, STEP.lsgForwardUp!, STEP.samradInriktning!],
  lsg: [STEP.lsgInfo!, STEP.lsgAssignDown!, STEP.berInfoProgress!, STEP.berReport!, STEP.lsgClose!],
  beredning: [STEP.berInfo!, STEP.berForward!, STEP.lsgDecide!],
  info: [STEP.lsgInfoUp!, STEP.samradInfo!],
};

/** Room for case items on one agenda, next to the standing items (agendas stay within 10). */
export const CASE_CAPACITY: Record<DemoBodyKey, number> = { samrad: 5, lsg: 6, 'ber-barn': 7, 'ber-vuxna': 7 };

export interface PlannedStep {
  caseKey: string;
  /** Position of the step in the case's route. */
  step: number;
  meeting: string;
  body: DemoBodyKey;
  date: string;
  title: string;
  kind: ItemKind;
  decision: DecisionType | null;
  proposal: string | null;
  outcome: CaseOutcome;
  toBody: DemoBodyKey | null;
  summary: string;
  text: string;
  presenter: PresenterHint;
  /** The beredning that owns the case (whose chair presents, whose experts speak). */
  beredning: DemoBodyKey;
  closes: boolean;
  /** Organisation whose voter lodges an invändning on this item, if any. */
  objector: string | null;
}

export interface CaseIntake {
  caseKey: string;
  date: string;
  body: DemoBodyKey;
  summary: string;
}

export interface CasePlan {
  steps: PlannedStep[];
  intakes: CaseIntake[];
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Cases in the order they enter the flow. */
function ordered(): CaseTemplate[] {
  return [...CATALOGUE].sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key));
}

function summaryOf(step: Omit<PlannedStep, 'summary'>): string {
  const name = BODY_NAMES[step.body];
  if (step.kind === 'information') {
    return step.toBody
      ? `${name} informerades om ärendet och förde informationen vidare till ${BODY_NAMES[step.toBody]}.`
      : `${name} informerades om läget i ärendet.`;
  }
  if (step.decision === 'inriktningsbeslut' && step.outcome === 'uppdrag') {
    return `${name} kunde inte enas om förslaget och gav ${BODY_NAMES.lsg} i uppdrag att se över det.`;
  }
  if (step.decision === 'inriktningsbeslut') return `${name} tog inriktningsbeslut att ${step.proposal}.`;
  return `${name} beslutade att ${step.proposal}.`;
}

/**
 * Puts every step of every case on a meeting: the first meeting of the step's body after the
 * previous step (strictly later day) that still has room. Steps that find no meeting this
 * year are left for next year, so some cases are still under way at year end, as in life.
 */
export function planCaseSteps(calendar: MeetingSlot[] = demoCalendar()): CasePlan {
  const load = new Map<string, number>();
  const steps: PlannedStep[] = [];
  const intakes: CaseIntake[] = [];
  for (const c of ordered()) {
    let after = c.start;
    if (c.route === 'extern') {
      intakes.push({
        caseKey: c.key,
        date: c.start,
        body: BODY_KEYS.lsg,
        summary: `Skrivelse från ${c.from ?? 'extern part'} inkom till ${lsgName}.`,
      });
    }
    const route = ROUTES[c.route];
    for (let i = 0; i < route.length; i++) {
      const t = route[i]!;
      const body: DemoBodyKey = t.body === 'B' ? c.beredning : t.body;
      const earliest = t.delayDays ? addDays(after, t.delayDays) : after;
      const slot = calendar.find((s) => s.body === body && s.date > earliest && (load.get(s.key) ?? 0) < CASE_CAPACITY[body]);
      if (!slot) break;
      load.set(slot.key, (load.get(slot.key) ?? 0) + 1);
      after = slot.date;
      const toBody: DemoBodyKey | null = t.toBody === 'B' ? c.beredning : t.toBody;
      const base = {
        caseKey: c.key,
        step: i,
        meeting: slot.key,
        body,
        date: slot.date,
        title: `${t.prefix ?? ''}${t.prefix ? lower(c.title) : c.title}`,
        kind: t.kind,
        decision: t.decision,
        proposal: t.proposal ? t.proposal(c) : null,
        outcome: t.outcome,
        toBody,
        text: t.text(c, createRng(`case|${c.key}|${i}`).pick),
        presenter: t.presenter,
        beredning: c.beredning,
        closes: t.closes === true && i === route.length - 1,
        objector: t === STEP.samradNoConsensus ? (c.objector ?? null) : null,
      };
      steps.push({ ...base, summary: summaryOf(base) });
    }
  }
  return { steps, intakes };
}

/** The item of an agenda that handles a case, as the import document carries it. */
export interface CaseItemRef {
  meeting: string;
  number: number;
  case: string;
}

/** Registry numbers of cases, in the order they entered the flow ("HSN 2026/112"). */
function caseDnr(index: number): string {
  return `HSN ${2026}/${String(104 + index * 3)}`;
}

/**
 * The Case and CaseEvent records of the demo, up to `asOf` (YYYY-MM-DD, exclusive): events of
 * meetings not yet held do not exist, and a case opens with its first event. `items` are the
 * agenda items of the import document that carry a `case` key: each event points at one.
 */
export function buildCases(
  items: readonly CaseItemRef[],
  options: { asOf?: string; plan?: CasePlan; calendar?: MeetingSlot[] } = {},
): { cases: Case[]; events: CaseEvent[] } {
  const asOf = options.asOf ?? DEMO_REFERENCE_DATE;
  const calendar = options.calendar ?? demoCalendar();
  const plan = options.plan ?? planCaseSteps(calendar);
  const startOf = new Map(calendar.map((s) => [s.key, s.start]));
  const numberOf = new Map(items.map((i) => [`${i.case}|${i.meeting}`, i.number]));

  const events: CaseEvent[] = [];
  for (const intake of plan.intakes) {
    if (intake.date >= asOf) continue;
    events.push({
      key: `${intake.caseKey}|${intake.date}|inkommet`,
      case: intake.caseKey,
      body: intake.body,
      meeting: null,
      item: null,
      date: localTime(intake.date, '12.00'),
      outcome: 'inkommet',
      toBody: null,
      summary: intake.summary,
    });
  }
  for (const s of plan.steps) {
    if (s.date >= asOf) continue;
    const number = numberOf.get(`${s.caseKey}|${s.meeting}`);
    if (number === undefined) throw new Error(`Demodata: ärendet ${s.caseKey} saknar punkt på mötet ${s.meeting}`);
    events.push({
      key: `${s.caseKey}|${s.meeting}|${number}`,
      case: s.caseKey,
      body: s.body,
      meeting: s.meeting,
      item: number,
      date: startOf.get(s.meeting) ?? s.date,
      outcome: s.outcome,
      toBody: s.toBody,
      summary: s.summary,
    });
  }
  events.sort((a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key));

  // Every case the plan touches exists (future agenda items point at it too); its registry
  // number follows the order in which cases enter the flow, whatever the reference date.
  const firstEvent = new Map<string, CaseEvent>();
  for (const e of events) if (!firstEvent.has(e.case)) firstEvent.set(e.case, e);
  const planned = new Set([...plan.intakes.map((i) => i.caseKey), ...plan.steps.map((s) => s.caseKey)]);
  const cases: Case[] = ordered()
    .filter((c) => planned.has(c.key))
    .map((template, index) => {
      const first = firstEvent.get(template.key);
      const firstStep = plan.steps.find((s) => s.caseKey === template.key);
      const closed = plan.steps.some((s) => s.caseKey === template.key && s.closes && s.date < asOf);
      return {
        key: template.key,
        title: template.title,
        dnr: caseDnr(index),
        originBody: first?.body ?? firstStep?.body ?? BODY_KEYS.lsg,
        status: closed ? 'avslutat' : 'öppet',
        openedAt: first?.date ?? localTime(template.start, '12.00'),
      };
    });
  return { cases, events };
}

/** Every case of the catalogue, for tests and for the tab's empty states. */
export const DEMO_CASE_KEYS: readonly string[] = CATALOGUE.map((c) => c.key);
