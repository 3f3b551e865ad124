import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Samverkan, type Actor } from '../../core/domain/service.js';
import { Refusal } from '../../core/domain/errors.js';
import { openSqliteStore } from '../../core/store/sqlite/sqlite-store.js';
import type { Store } from '../../core/store/store.js';
import { assembleProtocol, currentProtocol, finaliseProtocol, signProtocol } from '../../core/domain/protocol.js';
import { protocolLines } from '../../core/domain/protocol-text.js';
import { MEETING, seedMeeting } from './fixture-meeting.js';

const chat = (person: string): Actor => ({ person, source: 'chat' });
const ORDF = chat('ordf');

let store: Store;
let svc: Samverkan;
let clock = Date.parse('2026-03-12T07:00:00Z');

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  await seedMeeting(store);
  clock = Date.parse('2026-03-12T07:00:00Z');
  svc = new Samverkan(store, () => new Date((clock += 1000)));
});
afterEach(() => store.close());

async function refused(p: Promise<unknown>, code: Refusal['code'], text?: RegExp) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Refusal);
  expect((err as Refusal).code).toBe(code);
  if (text) expect((err as Refusal).message).toMatch(text);
}

/** Snapshot of everything but the audit log, to prove a refusal changed nothing. */
async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const c of ['meetings', 'attendance', 'decisions', 'ballots', 'reservations'] as const) {
    out[c] = (await store[c].list()).map((r) => r.value);
  }
  return JSON.stringify(out);
}

async function rollCall(present: string[]) {
  await svc.startRollCall(MEETING, ORDF);
  for (const p of present) await svc.checkIn(MEETING, p, chat(p));
  await svc.closeRollCall(MEETING, ORDF);
}

describe('roll call', () => {
  it('refuses a member starting the roll call, changing nothing', async () => {
    const before = await snapshot();
    await refused(svc.startRollCall(MEETING, chat('led-dor')), 'not-permitted', /ordförande/);
    await refused(svc.startRollCall(MEETING, chat('stranger')), 'not-member');
    expect(await snapshot()).toBe(before);
  });

  it('lets an ersättare serve for an absent member and counts the seat for quorum', async () => {
    await svc.startRollCall(MEETING, ORDF);
    for (const p of ['ordf', 'vice', 'led-sk']) await svc.checkIn(MEETING, p, chat(p));
    expect(await svc.quorum(MEETING)).toEqual({ seats: 7, filled: 3, quorate: false });
    const r = await svc.checkIn(MEETING, 'ers-dor-1', chat('ers-dor-1'));
    expect(r.servingFor).toBe('led-dor');
    expect(await svc.quorum(MEETING)).toEqual({ seats: 7, filled: 4, quorate: true });
    // The member arrives during the roll call: the seat is theirs again at once.
    await svc.checkIn(MEETING, 'led-dor', chat('led-dor'));
    expect((await svc.meeting(MEETING)).serving).toEqual([]);
  });

  it('lets the chair set another person present, and only the chair', async () => {
    await refused(svc.checkIn(MEETING, 'led-as', chat('led-ly')), 'not-permitted');
    const r = await svc.checkIn(MEETING, 'led-as', ORDF);
    expect(r.changed).toBe(true);
    const audit = (await store.audit.list({ field: 'meeting', equals: MEETING })).map((a) => a.value);
    expect(audit.find((a) => a.action === 'check-in')).toMatchObject({ actor: 'ordf', target: 'led-as', source: 'chat', details: { byChair: true } });
  });

  it('checking in twice changes nothing', async () => {
    await svc.checkIn(MEETING, 'vice', chat('vice'));
    const again = await svc.checkIn(MEETING, 'vice', chat('vice'));
    expect(again.changed).toBe(false);
  });
});

describe('items, late arrivals and early leaves', () => {
  it('records "anslöt från punkt N" and "lämnade efter punkt N" against the current item', async () => {
    await rollCall(['ordf', 'vice', 'led-dor', 'led-reg', 'sekr']);
    const { item } = await svc.approveAgenda(MEETING, ORDF);
    expect(item.number).toBe(14);
    await svc.nextItem(MEETING, ORDF);
    await svc.checkIn(MEETING, 'led-sk', chat('led-sk'));
    await svc.leave(MEETING, 'led-reg', chat('led-reg'));
    const doc = await assembleProtocol(svc, MEETING);
    expect(doc.attendance.find((a) => a.name === 'Kerstin Holm')).toMatchObject({ fromItem: 15, untilItem: null });
    expect(doc.attendance.find((a) => a.name === 'Ove Nyström')).toMatchObject({ fromItem: null, untilItem: 15 });
  });

  it('changes who serves only between items once the meeting is under way', async () => {
    await rollCall(['ordf', 'vice', 'led-sk', 'led-ly', 'ers-dor-1']);
    await svc.approveAgenda(MEETING, ORDF); // item 14; ers-dor-1 serves for led-dor
    await svc.checkIn(MEETING, 'led-dor', chat('led-dor')); // returns mid-item
    await svc.checkIn(MEETING, 'ers-reg', chat('ers-reg')); // arrives mid-item, led-reg absent
    let m = await svc.meeting(MEETING);
    expect(m.serving).toEqual([{ substitute: 'ers-dor-1', seatOf: 'led-dor', from: null, until: null }]);
    await svc.nextItem(MEETING, ORDF); // item 15: the switch happens now
    m = await svc.meeting(MEETING);
    expect(m.serving).toEqual([
      { substitute: 'ers-dor-1', seatOf: 'led-dor', from: null, until: 14 },
      { substitute: 'ers-reg', seatOf: 'led-reg', from: 15, until: null },
    ]);
  });
});

describe('an ordinary vote', () => {
  beforeEach(async () => {
    await rollCall(['ordf', 'vice', 'led-dor', 'led-sk', 'led-ly', 'ers-reg', 'tj', 'sekr']);
    await svc.approveAgenda(MEETING, ORDF);
  });

  it('fixes the electorate when the vote opens', async () => {
    const d = await svc.openDecision(MEETING, 15, ORDF);
    expect(d.electorate.map((e) => e.person).sort()).toEqual(['ers-reg', 'led-dor', 'led-ly', 'led-sk', 'ordf', 'vice']);
    expect((await svc.meeting(MEETING)).currentItem).toBe(15);
    await svc.checkIn(MEETING, 'led-as', chat('led-as')); // arrives after the vote opened
    await refused(svc.castBallot(MEETING, 15, 'led-as', 'bifall', chat('led-as')), 'not-eligible', /öppnades/);
  });

  it('refuses a tjänsteperson, a non-member and a ballot for someone else, changing nothing', async () => {
    await svc.openDecision(MEETING, 15, ORDF);
    const before = await snapshot();
    await refused(svc.castBallot(MEETING, 15, 'tj', 'bifall', chat('tj')), 'not-eligible', /tjänsteperson har du inte rösträtt/);
    await refused(svc.castBallot(MEETING, 15, 'stranger', 'bifall', chat('stranger')), 'not-eligible', /finns inte med/);
    await refused(svc.castBallot(MEETING, 15, 'led-dor', 'avslag', chat('led-sk')), 'not-permitted');
    await refused(svc.castBallot(MEETING, 15, 'led-dor', 'bakom', chat('led-dor')), 'invalid');
    expect(await snapshot()).toBe(before);
  });

  it('keeps one ballot per voter; a change replaces it; the close counts, decides and writes the sentence', async () => {
    await svc.openDecision(MEETING, 15, ORDF);
    await svc.castBallot(MEETING, 15, 'led-dor', 'avslag', chat('led-dor'));
    const changed = await svc.castBallot(MEETING, 15, 'led-dor', 'bifall', chat('led-dor'));
    expect(changed).toMatchObject({ changed: true, previous: 'avslag' });
    await svc.castBallot(MEETING, 15, 'led-dor', 'avslag', chat('led-dor'));
    await svc.castBallot(MEETING, 15, 'ordf', 'bifall', ORDF);
    await svc.castBallot(MEETING, 15, 'vice', 'bifall', chat('vice'));
    await svc.castBallot(MEETING, 15, 'led-sk', 'avstar', chat('led-sk'));
    // The chair records the vote of a member without a device.
    await svc.castBallot(MEETING, 15, 'led-ly', 'bifall', ORDF);
    expect(await svc.runningTally(MEETING, 15)).toMatchObject({ bifall: 3, avslag: 1, avstar: 1, notVoted: 1 });
    const ballots = await svc.ballots(MEETING, 15);
    expect(ballots).toHaveLength(5);
    expect(ballots.find((b) => b.person === 'led-dor')).toMatchObject({ choice: 'avslag', changes: 2 });
    expect(ballots.find((b) => b.person === 'led-ly')).toMatchObject({ recordedBy: 'ordf' });

    await refused(svc.closeDecision(MEETING, 15, chat('led-sk')), 'not-permitted');
    const d = await svc.closeDecision(MEETING, 15, ORDF);
    expect(d).toMatchObject({ status: 'closed', result: 'bifall', sentence: 'Länssamverkansgruppen beslutade att godkänna förslaget till nytt vårdhygienavtal.' });
    await refused(svc.castBallot(MEETING, 15, 'ers-reg', 'bifall', chat('ers-reg')), 'wrong-state', /avslutad/);
    expect(await svc.ballots(MEETING, 15)).toHaveLength(5);
    // Closing again changes nothing.
    expect(await svc.closeDecision(MEETING, 15, ORDF)).toEqual(d);
  });

  it('lets only a voter against the decision reserve, once', async () => {
    await svc.openDecision(MEETING, 15, ORDF);
    await svc.castBallot(MEETING, 15, 'led-dor', 'avslag', chat('led-dor'));
    await svc.castBallot(MEETING, 15, 'ordf', 'bifall', ORDF);
    await svc.castBallot(MEETING, 15, 'vice', 'bifall', chat('vice'));
    await refused(svc.reserve(MEETING, 15, 'led-dor', chat('led-dor')), 'wrong-state'); // not closed yet
    await svc.closeDecision(MEETING, 15, ORDF);
    await refused(svc.reserve(MEETING, 15, 'vice', chat('vice')), 'not-eligible', /röstade emot/);
    await refused(svc.reserve(MEETING, 15, 'led-sk', chat('led-sk')), 'not-eligible');
    expect(await svc.reserve(MEETING, 15, 'led-dor', chat('led-dor'))).toEqual({ changed: true });
    expect(await svc.reserve(MEETING, 15, 'led-dor', chat('led-dor'))).toEqual({ changed: false });
    expect(await store.reservations.list({ field: 'meeting', equals: MEETING })).toHaveLength(1);
  });

  it("decides a tie by the chair's casting vote", async () => {
    await svc.openDecision(MEETING, 15, ORDF);
    await svc.castBallot(MEETING, 15, 'ordf', 'avslag', ORDF);
    await svc.castBallot(MEETING, 15, 'vice', 'bifall', chat('vice'));
    const d = await svc.closeDecision(MEETING, 15, ORDF);
    expect(d.result).toBe('avslag-utslagsrost');
    expect(d.sentence).toBe('Länssamverkansgruppen beslutade att avslå förslaget att godkänna förslaget till nytt vårdhygienavtal.');
  });

  it('counts 60 ballots cast at once as 60 — and one voter changing 50 times as one ballot', async () => {
    // A bigger body: 60 extra ledamöter, all present.
    for (let i = 0; i < 60; i++) {
      await store.people.create({ key: `x${i}`, name: `Ledamot ${i}`, organisation: 'umea', email: null, aadObjectId: null, party: null });
      await store.memberships.create({ key: `lsg|x${i}`, body: 'lsg', person: `x${i}`, role: 'ledamot', title: null, substituteFor: null, order: 100 + i });
      await svc.checkIn(MEETING, `x${i}`, chat(`x${i}`));
    }
    await svc.openDecision(MEETING, 15, ORDF);
    await Promise.all(Array.from({ length: 60 }, (_, i) => svc.castBallot(MEETING, 15, `x${i}`, i % 4 ? 'bifall' : 'avslag', chat(`x${i}`))));
    await Promise.all(Array.from({ length: 50 }, (_, i) => svc.castBallot(MEETING, 15, 'vice', i % 2 ? 'bifall' : 'avslag', chat('vice'))));
    const ballots = await svc.ballots(MEETING, 15);
    expect(ballots).toHaveLength(61);
    expect(await svc.runningTally(MEETING, 15)).toMatchObject({ bifall: 45 + (ballots.find((b) => b.person === 'vice')!.choice === 'bifall' ? 1 : 0) });
  });
});

describe('an inriktningsbeslut', () => {
  it('is tallied per person and per huvudman and fails on an objection', async () => {
    await rollCall(['ordf', 'vice', 'led-dor', 'led-sk', 'ers-reg']);
    await svc.approveAgenda(MEETING, ORDF);
    await svc.openDecision(MEETING, 16, ORDF);
    await refused(svc.castBallot(MEETING, 16, 'vice', 'bifall', chat('vice')), 'invalid');
    await svc.castBallot(MEETING, 16, 'ordf', 'bakom', ORDF);
    await svc.castBallot(MEETING, 16, 'ers-reg', 'bakom', chat('ers-reg'));
    await svc.castBallot(MEETING, 16, 'vice', 'invandning', chat('vice'));
    await svc.castBallot(MEETING, 16, 'led-dor', 'avstar', chat('led-dor'));
    const d = await svc.closeDecision(MEETING, 16, ORDF);
    expect(d.result).toBe('ej-enig');
    const byOrg = await svc.principals(MEETING, 16);
    expect(byOrg).toEqual(
      expect.arrayContaining([
        { organisation: 'region', choice: 'bakom' },
        { organisation: 'umea', choice: 'invandning' },
        { organisation: 'dorotea', choice: 'avstar' },
        { organisation: 'skelleftea', choice: 'ej röstat' },
      ]),
    );
    expect(await svc.reserve(MEETING, 16, 'vice', chat('vice'))).toEqual({ changed: true });
  });
});

describe('the protocol', () => {
  async function runMeeting() {
    await rollCall(['ordf', 'vice', 'led-dor', 'led-sk', 'ers-reg', 'sekr', 'adj']);
    await svc.approveAgenda(MEETING, ORDF);
    await svc.setItemText(MEETING, 14, 'Information gavs om arbetet med vårdhygienavtalet.', chat('sekr'));
    await svc.nextItem(MEETING, ORDF);
    await svc.checkIn(MEETING, 'led-ly', chat('led-ly'));
    await svc.openDecision(MEETING, 15, ORDF);
    await svc.castBallot(MEETING, 15, 'ordf', 'bifall', ORDF);
    await svc.castBallot(MEETING, 15, 'vice', 'bifall', chat('vice'));
    await svc.castBallot(MEETING, 15, 'led-dor', 'avslag', chat('led-dor'));
    await svc.closeDecision(MEETING, 15, ORDF);
    await svc.reserve(MEETING, 15, 'led-dor', chat('led-dor'));
    await svc.leave(MEETING, 'led-sk', chat('led-sk'));
  }

  it('reads like the seeds, in the normative order', async () => {
    await runMeeting();
    const lines = protocolLines(await currentProtocol(svc, MEETING));
    const expected = [
      'Protokoll Länssamverkansgruppen',
      'Dnr: HSN 12-3-2026',
      'Datum och tid: 2026-03-12 kl 08.00–09.30',
      'Plats: Teams',
      'Ärenden: 14–17',
      'Närvarande',
      'Maja Lindqvist, Region Västerbotten, ordförande',
      'Nils Berglund, Umeå kommun, vice ordförande, tillika justerare',
      'Kerstin Holm, Skellefteå kommun, lämnade efter punkt 15',
      'Arvid Eklund, Lycksele kommun, anslöt från punkt 15',
      'Ebba Forsberg, Region Västerbotten, ersättare, ersätter Ove Nyström',
      'Frånvarande',
      'Ove Nyström, Region Västerbotten, ordförande Beredning vuxna och äldre',
      'Sanna Wiklund, Åsele kommun',
      'Övriga tjänstepersoner',
      'Greta Vikström, FoU Socialtjänst, ständigt adjungerad',
      'Hanna Strömberg, Region Västerbotten, regional samverkanskoordinator',
      'Rut Almgren, SKR',
      '14. Aktuellt i samverkan',
      'Informationsärende',
      'Information gavs om arbetet med vårdhygienavtalet.',
      'Länssamverkansgruppen godkände informationen.',
      '15. Vårdhygienavtal',
      'Beslutsärende',
      'Föredragande: AU',
      'Länssamverkansgruppen beslutade att godkänna förslaget till nytt vårdhygienavtal.',
      'Omröstning: Bifall 2, Avslag 1, Avstår 0',
      'Reservation: Tove Sandberg reserverar sig mot beslutet.',
    ];
    let at = -1;
    for (const e of expected) {
      const i = lines.indexOf(e, at + 1);
      expect(i, `"${e}" after line ${at}: \n${lines.join('\n')}`).toBeGreaterThan(at);
      at = i;
    }
  });

  it('is frozen with its SHA-256, signed by the three signers, and never changes after', async () => {
    await runMeeting();
    await refused(finaliseProtocol(svc, MEETING, chat('led-dor'), '2026-03-12T10:00:00Z'), 'not-permitted');
    const v1 = await finaliseProtocol(svc, MEETING, chat('sekr'), '2026-03-12T10:00:00Z');
    expect(v1).toMatchObject({ version: 1, status: 'finalised' });
    expect(v1.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Finalising unchanged content again gives the same version.
    expect((await finaliseProtocol(svc, MEETING, chat('sekr'), '2026-03-12T10:01:00Z')).version).toBe(1);

    await refused(signProtocol(svc, MEETING, chat('led-sk'), { email: null, aadObjectId: 'aad-led-sk' }, '2026-03-12T10:05:00Z'), 'not-permitted');
    await signProtocol(svc, MEETING, chat('sekr'), { email: 'sekr@example.org', aadObjectId: 'aad-sekr' }, '2026-03-12T10:05:00Z');
    await signProtocol(svc, MEETING, chat('vice'), { email: 'vice@example.org', aadObjectId: 'aad-vice' }, '2026-03-12T10:06:00Z');
    const signed = await signProtocol(svc, MEETING, ORDF, { email: 'ordf@example.org', aadObjectId: 'aad-ordf' }, '2026-06-12T10:07:00Z');
    expect(signed.status).toBe('signed');
    expect(signed.signatures.map((s) => s.role)).toEqual(['sekreterare', 'justerare', 'ordförande']);
    await refused(signProtocol(svc, MEETING, ORDF, { email: null, aadObjectId: 'aad-ordf' }, '2026-03-12T10:08:00Z'), 'wrong-state');

    const doc = await currentProtocol(svc, MEETING);
    const lines = protocolLines(doc);
    expect(lines).toContain('UNDERSKRIFTSSIDA');
    expect(lines).toContain('TITEL, ORGANISATION: justerare, Länssamverkansgruppen');
    expect(lines).toContain('TID: 2026-03-12 11:06:00 +01:00'); // winter time
    expect(lines).toContain('TID: 2026-06-12 12:07:00 +02:00'); // summer time
    expect(lines).toContain('IDENTIFIKATIONSTYP: Microsoft Entra ID (vice@example.org)');
    expect(lines).toContain('IDENTIFIKATIONS-ID: aad-vice');

    // A later edit goes into a new version; the signed one is untouched.
    await svc.setItemText(MEETING, 17, 'Nästa möte hålls den 9 april.', chat('sekr'));
    const v2 = await finaliseProtocol(svc, MEETING, chat('sekr'), '2026-03-13T10:00:00Z');
    expect(v2).toMatchObject({ version: 2, corrects: 1, status: 'finalised' });
    const v1Again = await store.protocols.get(`${MEETING}|v1`);
    expect(v1Again?.value).toEqual(signed);
  });
});
