/**
 * The tab in a real browser against the real product (server/main.ts with the demo data, local
 * mode, demo users through X-Dev-User): the case flow, building an agenda from an open case,
 * editing, finalising, signing and downloading a protocol; screenshots at 280 px (the meeting
 * side panel) and 1280 px in light and dark; and axe-core on the three views in both themes.
 *
 * The steps share one product and run in order (a protocol is edited, then finalised, then
 * signed), each in its own browser context.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFlow, DevUser, MeetingDetail, MeetingList, MeetingSummary, ProtocolVersions } from '../../tab/shared/api-types.js';
import type { ProtocolDocument } from '../../core/domain/protocol.js';
import { buildTab } from '../../tab/build.js';
import { browserAvailable, launchBrowser, newContext, screenshotPath, seriousViolations } from '../support/browser.js';
import { startProduct, type RunningProduct } from '../support/product.js';

const available = browserAvailable();

describe.skipIf(!available)('the tab in Chromium', () => {
  let product: RunningProduct;
  let browser: Browser;
  let users: DevUser[];
  /** A held meeting whose protocol is still a draft, and the people who sign it. */
  let held: MeetingSummary;
  let secretary: DevUser;
  let justerare: DevUser;
  let chair: DevUser;
  /** A planned meeting of the same body, for the agenda. */
  let planned: MeetingSummary;

  async function api<T>(user: DevUser, path: string): Promise<T> {
    const res = await fetch(`${product.url}${path}`, { headers: { 'X-Dev-User': user.aadObjectId } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async function open(user: DevUser | null, path: string, options: { width?: number; theme?: 'light' | 'dark' } = {}): Promise<Page> {
    const context = await newContext(browser, { width: options.width ?? 1280, height: 900, devUser: user?.aadObjectId });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const url = new URL(path, product.url);
    if (options.theme) url.searchParams.set('theme', options.theme);
    await page.goto(url.href);
    (page as Page & { errors?: string[] }).errors = errors;
    return page;
  }

  async function close(page: Page) {
    const errors = (page as Page & { errors?: string[] }).errors ?? [];
    await page.context().close();
    expect(errors, 'errors thrown in the page').toEqual([]);
  }

  beforeAll(async () => {
    await buildTab({ log: () => {} });
    product = await startProduct({ DEMO: 'on' });
    browser = await launchBrowser();
    const res = await fetch(`${product.url}/api/dev/users`);
    users = (await res.json()) as DevUser[];
    const someone = users[0]!;
    const { meetings } = await api<MeetingList>(someone, '/api/meetings');
    const role = (u: DevUser, body: string, r: string) => u.roles.some((x) => x.body === body && x.role === r);
    // The newest held meeting with a draft protocol, a justerare and all three signers among the demo users.
    for (const m of [...meetings].filter((x) => x.state === 'hållet' && x.protocolStatus === 'draft' && x.justerare).sort((a, b) => b.start.localeCompare(a.start))) {
      const sec = users.find((u) => role(u, m.body, 'sekreterare'));
      const ch = users.find((u) => role(u, m.body, 'ordförande'));
      const next = meetings.find((x) => x.body === m.body && x.state === 'planerat');
      if (!sec || !ch || !next) continue;
      const detail = await api<MeetingDetail>(sec, `/api/meetings/${encodeURIComponent(m.key)}`);
      const justName = detail.members.find((p) => p.person === m.justerare)?.name;
      const just = users.find((u) => u.name === justName);
      if (!just || just === sec || just === ch) continue;
      held = m;
      secretary = sec;
      chair = ch;
      justerare = just;
      planned = next;
      break;
    }
    if (!held) throw new Error('the demo data has no held meeting with a draft protocol and its three signers');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('picks a demo user in the user picker and remembers them', async () => {
    const page = await open(null, '/tab/cases');
    await page.getByRole('heading', { name: 'Välj demoanvändare' }).waitFor();
    await page.getByRole('button', { name: new RegExp(`^Fortsätt som ${secretary.name}`) }).click();
    await page.getByText(`Inloggad som ${secretary.name} (demoläge)`).waitFor();
    await page.reload();
    await page.getByText(`Inloggad som ${secretary.name} (demoläge)`).waitFor();
    await close(page);
  });

  it('draws the case flow in lanes named after the bodies, filters it, and opens a case timeline linked to its protocol paragraph', async () => {
    const flow = await api<CaseFlow>(secretary, '/api/cases');
    const drawable = flow.cases.filter((c) => c.steps.length > 0);
    expect(drawable.length).toBeGreaterThan(5);

    const page = await open(secretary, '/tab/cases');
    const svg = page.locator('svg[role="img"][data-drawn-cases]');
    await svg.waitFor();
    expect(await svg.getAttribute('data-drawn-cases')).toBe(String(drawable.length));
    expect(await page.locator('path.flow-case').count()).toBe(drawable.length);
    const lanes = await page.locator('.lane-label').allTextContents();
    expect(lanes.sort()).toEqual(flow.bodies.map((b) => b.name).sort());
    expect(await svg.getAttribute('aria-label')).toContain(`${drawable.length} ärenden`);
    await page.getByText(`Visar ${flow.cases.length} av ${flow.total} ärenden`).waitFor();

    // A body filter narrows picture and list to the cases that passed through that body.
    const body = flow.bodies.find((b) => b.reportsTo !== null)!;
    const touching = flow.cases.filter((c) => c.originBody === body.key || c.location === body.key || c.steps.some((s) => s.body === body.key || s.toBody === body.key));
    expect(touching.length).toBeLessThan(flow.cases.length);
    await page.getByLabel('Samverkansgrupp', { exact: true }).selectOption(body.key);
    await page.getByText(`Visar ${touching.length} av ${flow.total} ärenden`).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('path.flow-case').length === n, touching.filter((c) => c.steps.length).length);
    // The picture and the list show what the API's own filter answers.
    const served = await api<CaseFlow>(secretary, `/api/cases?body=${encodeURIComponent(body.key)}`);
    expect(served.cases.map((c) => c.key).sort()).toEqual(touching.map((c) => c.key).sort());
    await page.getByLabel('Samverkansgrupp', { exact: true }).selectOption('');

    // Text search (debounced) by dnr finds the one case, dealt with at a meeting of a body whose
    // protocols this user may read.
    const readable = new Set(secretary.roles.map((r) => r.body));
    const atMeeting = (s: CaseFlow['cases'][number]['steps'][number]) => s.meeting !== null && s.item !== null && readable.has(s.body);
    const target = drawable.find((c) => c.dnr && c.steps.some(atMeeting) && flow.cases.filter((x) => x.dnr === c.dnr).length === 1)!;
    await page.getByLabel('Sök ärende', { exact: true }).fill(target.dnr!);
    await page.getByText(`Visar 1 av ${flow.total} ärenden`).waitFor();
    const rows = page.locator('table.case-table tbody tr[data-case]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-case')).toBe(target.key);

    await rows.first().getByRole('button', { name: target.title }).click();
    const dialog = page.getByRole('dialog', { name: target.title });
    await dialog.waitFor();
    const step = target.steps.find(atMeeting)!;
    const link = dialog.getByRole('link', { name: `Protokollet, punkt ${step.item}` }).first();
    expect(await link.getAttribute('href')).toContain(`/tab/protocol?meeting=${encodeURIComponent(step.meeting!)}`);
    await link.click();
    await page.waitForURL((u) => u.pathname === '/tab/protocol' && u.hash === `#punkt-${step.item}`);
    const paragraph = page.locator(`#punkt-${step.item}`);
    await paragraph.waitFor();
    expect(await paragraph.locator('h3').textContent()).toMatch(new RegExp(`^${step.item}\\. `));
    await close(page);
  }, 90_000);

  it('builds an agenda item from an open case in Möten', async () => {
    const before = await api<MeetingDetail>(secretary, `/api/meetings/${encodeURIComponent(planned.key)}`);
    const open_ = (await api<CaseFlow>(secretary, '/api/cases?status=%C3%B6ppet')).cases;
    const onAgenda = new Set(before.agenda.map((a) => a.caseKey));
    const chosen = open_.find((c) => !onAgenda.has(c.key))!;
    const sendTo = (await api<CaseFlow>(secretary, '/api/cases')).bodies.find((b) => b.key !== planned.body)!;
    const presenter = before.members[0]!.name;

    const page = await open(secretary, `/tab/meetings?meeting=${encodeURIComponent(planned.key)}`);
    await page.getByRole('heading', { name: 'Föredragningslista' }).waitFor();
    await page.getByRole('button', { name: 'Lägg till punkt' }).click();
    const form = page.locator('form.item-form');
    await form.getByLabel('Från öppet ärende').selectOption(chosen.key);
    expect(await form.getByLabel('Rubrik').inputValue()).toBe(chosen.title);
    await form.getByLabel('Typ').selectOption('beslut');
    await form.getByLabel('Beslutsform').selectOption('vote');
    await form.getByLabel('Föredragande').fill(presenter);
    await form.getByLabel('Förslag till beslut').fill('att godkänna förslaget');
    await form.getByLabel('Skicka ärendet vidare till').selectOption(sendTo.key);
    await form.getByRole('button', { name: 'Lägg till bilaga' }).click();
    await form.getByLabel('Rubrik på bilagan').fill('Underlag');
    await form.getByLabel('Länk (webbadress)').fill('https://example.sharepoint.com/sites/samverkan/underlag.pdf');
    await form.getByRole('button', { name: 'Spara punkten' }).click();
    await form.waitFor({ state: 'detached' });

    const after = await api<MeetingDetail>(secretary, `/api/meetings/${encodeURIComponent(planned.key)}`);
    const added = after.agenda.find((a) => a.caseKey === chosen.key);
    expect(added).toMatchObject({
      title: chosen.title,
      kind: 'beslut',
      decision: 'vote',
      presenter,
      proposal: 'att godkänna förslaget',
      sendTo: sendTo.key,
      attachments: [{ title: 'Underlag', url: 'https://example.sharepoint.com/sites/samverkan/underlag.pdf' }],
    });
    await page.locator(`li[data-item="${added!.number}"]`).getByText(`${added!.number}. ${chosen.title}`).waitFor();
    await page.getByRole('link', { name: 'Underlag' }).waitFor();
    await close(page);
  }, 60_000);

  it('autosaves an edited protocol text, which a reload shows', async () => {
    const doc = await api<ProtocolDocument>(secretary, `/api/meetings/${encodeURIComponent(held.key)}/protocol`);
    const n = doc.items[0]!.number;
    const text = `Sekreteraren sammanfattade ärendet. Ändrad i webbläsartestet ${Date.now()}.`;

    const page = await open(secretary, `/tab/protocol?meeting=${encodeURIComponent(held.key)}`);
    const area = page.locator(`textarea[data-item-text="${n}"]`);
    await area.fill(text);
    await page.locator(`[data-save-state="saved"]#text-status-${n}`).waitFor();
    await page.reload();
    await page.locator(`textarea[data-item-text="${n}"]`).waitFor();
    expect(await page.locator(`textarea[data-item-text="${n}"]`).inputValue()).toBe(text);
    const saved = await api<ProtocolDocument>(secretary, `/api/meetings/${encodeURIComponent(held.key)}/protocol`);
    expect(saved.items.find((i) => i.number === n)!.text).toBe(text);
    await close(page);
  }, 60_000);

  it('shows both texts when another secretary saved first, and keeps both when merged', async () => {
    const { meetings } = await api<MeetingList>(secretary, '/api/meetings');
    const other = meetings.find((m) => m.body === held.body && m.key !== held.key && m.state === 'hållet' && m.protocolStatus === 'draft')!;
    const path = `/api/meetings/${encodeURIComponent(other.key)}`;
    const first = (await api<MeetingDetail>(secretary, path)).agenda[0]!;

    const context = await newContext(browser, { width: 1280, height: 900, devUser: secretary.aadObjectId });
    const page = await context.newPage();
    // The page's timers are driven by the test, so its polling cannot pick up the other save first.
    await page.clock.install();
    await page.goto(`${product.url}/tab/protocol?meeting=${encodeURIComponent(other.key)}`);
    const area = page.locator(`textarea[data-item-text="${first.number}"]`);
    await area.waitFor();

    const theirs = 'Text sparad av den andra sekreteraren.';
    const put = await fetch(`${product.url}${path}/agenda/${first.number}/text`, {
      method: 'PUT',
      headers: { 'X-Dev-User': secretary.aadObjectId, 'Content-Type': 'application/json', 'If-Match': first.etag },
      body: JSON.stringify({ text: theirs }),
    });
    expect(put.status).toBe(200);

    const mine = 'Min egen text, skriven samtidigt.';
    await area.fill(mine);
    await page.clock.runFor(1100);
    const conflict = page.locator('.conflict');
    await conflict.waitFor();
    expect(await conflict.getByLabel('Din text').inputValue()).toBe(mine);
    expect(await conflict.getByLabel(/^Sparad text/).inputValue()).toBe(theirs);
    // Until it is saved, the local text survives a closed page.
    expect(await page.evaluate((k) => localStorage.getItem(k), `samverkan.text.${other.key}.${first.number}`)).toBe(mine);

    await conflict.getByRole('button', { name: 'Slå ihop' }).click();
    await page.clock.runFor(3200);
    await page.locator(`[data-save-state="saved"]#text-status-${first.number}`).waitFor();
    const stored = (await api<MeetingDetail>(secretary, path)).agenda.find((a) => a.number === first.number)!.text;
    expect(stored).toContain(mine);
    expect(stored).toContain(theirs);
    await context.close();
  }, 60_000);

  it('finalises the protocol with "Justera och fastställ" after confirming', async () => {
    const page = await open(secretary, `/tab/protocol?meeting=${encodeURIComponent(held.key)}`);
    await page.getByRole('button', { name: 'Justera och fastställ', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Justera och fastställ protokollet?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Justera och fastställ', exact: true }).click();
    await page.getByText('Version 1 är fastställd.').waitFor();
    const versions = await api<ProtocolVersions>(secretary, `/api/meetings/${encodeURIComponent(held.key)}/protocol/versions`);
    expect(versions.versions).toHaveLength(1);
    expect(versions.versions[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    await page.locator('.version-list code', { hasText: versions.versions[0]!.sha256 }).waitFor();
    await close(page);
  }, 60_000);

  it('is signed in the tab by the sekreterare, the justerare and the ordförande', async () => {
    for (const [user, role] of [
      [secretary, 'sekreterare'],
      [justerare, 'justerare'],
      [chair, 'ordförande'],
    ] as const) {
      const page = await open(user, `/tab/protocol?meeting=${encodeURIComponent(held.key)}`);
      const button = page.locator(`button[data-sign-role="${role}"]`);
      await button.waitFor();
      expect(await button.textContent()).toMatch(/^Signera/);
      await button.click();
      await page.getByText('Din underskrift är registrerad.').waitFor();
      await close(page);
    }
    const versions = await api<ProtocolVersions>(secretary, `/api/meetings/${encodeURIComponent(held.key)}/protocol/versions`);
    expect(versions.versions[0]!.status).toBe('signed');
    expect(versions.versions[0]!.signatures.map((s) => s.role).sort()).toEqual(['justerare', 'ordförande', 'sekreterare']);
    expect(versions.versions[0]!.signatures.map((s) => s.name).sort()).toEqual([chair.name, justerare.name, secretary.name].sort());
  }, 90_000);

  it('downloads the protocol as PDF with the caller\'s identity', async () => {
    const page = await open(justerare, `/tab/protocol?meeting=${encodeURIComponent(held.key)}`);
    await page.getByText(`${chair.name}, ordförande`).first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner protokollet som PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await close(page);
  }, 60_000);

  it('previews a roster import and lists every error with its path before anything is imported', async () => {
    const page = await open(secretary, '/tab/meetings');
    await page.getByRole('heading', { name: 'Importera förteckning' }).waitFor();
    const broken = { people: [{ key: 'p-ny', name: '' }, { key: 'p-ny2' }], memberships: [{ body: 'finns-inte', person: 'p-ny', role: 'kung' }] };
    await page.getByLabel('Fil eller filer').setInputFiles({ name: 'roster.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await page.getByRole('button', { name: 'Kontrollera' }).click();
    await page.getByText(/Filen har \d+ fel\. Inget har sparats\./).waitFor();
    const errors = await page.locator('.import-errors li').allTextContents();
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(errors.some((e) => e.startsWith('people'))).toBe(true);
    expect(errors.some((e) => e.startsWith('memberships'))).toBe(true);
    expect(await page.getByRole('button', { name: 'Importera', exact: true }).count()).toBe(0);
    const people = await api<MeetingDetail>(secretary, `/api/meetings/${encodeURIComponent(planned.key)}`);
    expect(people.members.some((m) => m.person === 'p-ny')).toBe(false);
    await close(page);
  }, 60_000);

  const VIEWS = [
    { name: 'cases', path: () => '/tab/cases', ready: 'svg[data-drawn-cases]' },
    { name: 'meetings', path: () => '/tab/meetings', ready: '.meeting-list' },
    { name: 'protocol', path: () => `/tab/protocol?meeting=${encodeURIComponent(held.key)}`, ready: '.versions' },
  ];

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations in the three views (${theme}), and screenshots them at 280 and 1280 px`, async () => {
      for (const view of VIEWS) {
        for (const width of [1280, 280]) {
          const page = await open(secretary, view.path(), { width, theme });
          await page.locator(view.ready).first().waitFor();
          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
          await page.screenshot({ path: screenshotPath(`${view.name}-${width}-${theme}`), fullPage: width === 1280 });
          const violations = await seriousViolations(page);
          expect(violations, `${view.name} ${width}px ${theme}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
          // Nothing may spill sideways out of the meeting side panel.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${view.name} ${width}px overflows sideways`).toBeLessThanOrEqual(0);
          await close(page);
        }
      }
    }, 180_000);
  }
});
