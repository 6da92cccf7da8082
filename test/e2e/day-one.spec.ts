import { promises as fs } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { createServices, type Services } from '../../electron/services';
import { dayOneTeam, setUpRequests, signedInLead, type DayOneTeam } from '../fakes/day-one-team';
import { installBridge } from './support/bridge';
import { test, expect } from './support/fixtures';
import { backendCard, dropProfileFile } from './support/day-one-helpers';
import { projectDir } from './support/export-helpers';
import { nav } from './support/page-helpers';

/**
 * Day one, counted: a new hire and a lead, each in their own page over their own Latchkey (two services, two
 * data dirs, one real OpenBao). From the new hire's first launch to a `.env` on disk, the lead's approval
 * included. An action is one thing a person does: a click, a form typed and submitted with Enter (the typing
 * is part of it), a file dropped on the window, a checkbox ticked. Waiting (for a list to update) is not an
 * action. The issue's goal is ≤ 8; measured: 10 — the new hire's 6, and the lead's 4 on the Requests screen,
 * where a device new to the lead must have its fingerprint confirmed. The count is pinned: a flow that needs
 * one more action fails here.
 */
test('day one: first launch to a .env on disk, approval included, counted (10 actions: 6 new hire, 4 lead)', async ({ page, rendererUrl, services, sampleTeam, browser, dataDir, pageProblems }, testInfo) => {
  test.setTimeout(90_000);
  const team = await dayOneTeam(sampleTeam.info);
  // Before day one, not counted: the admin set up access requests once; the lead's Latchkey is signed in.
  const admin = await person();
  await setUpRequests(admin.services, team);
  const lead = await person();
  await signedInLead(lead.services, team);
  const leadContext = await browser.newContext();
  await installBridge(leadContext, lead.services.dispatch);
  const leadPage = await leadContext.newPage();
  await leadPage.goto(rendererUrl);

  const actions: string[] = [];
  const act = async (what: string, body: () => Promise<unknown>) => {
    actions.push(what);
    await body();
  };

  try {
    await page.goto(rendererUrl); // first launch
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Latchkey');
    await act('new hire: drops acme-team.json (from the lead) on the window', () => dropProfileFile(page, 'acme-team.json', JSON.stringify(team.profile)));
    const vault = backendCard(page, team.backends.vault);
    await act('new hire: types username and password for acme-vault, Enter', async () => {
      await vault.getByLabel('Username').fill(team.people.newHire.username);
      await vault.getByLabel('Password').fill(team.people.newHire.password);
      await vault.getByLabel('Password').press('Enter');
    });
    await expect(vault.locator('.badge')).toHaveText('Signed in');
    await act(`new hire: chooses the ${team.role} role`, () => page.getByRole('button', { name: new RegExp(`^${team.role}`) }).click());

    const item = (ref: string) => page.getByRole('listitem', { name: ref });
    await expect(item(team.refs.dev).locator('.badge')).toHaveText('Ready');
    await expect(item(team.refs.staging).locator('.badge')).toHaveText('Missing');
    await act('new hire: types a reason, Enter (Request all missing, 8h)', async () => {
      const reason = page.getByRole('form', { name: 'Request all missing' }).getByLabel('Why you need them');
      await reason.fill('Day one on payments: run checkout against staging');
      await reason.press('Enter');
    });
    await expect(item(team.refs.staging).locator('.badge')).toHaveText('Requested');

    await approveAsLead(leadPage, team, act);

    // Nothing to do on the new hire's side: the checklist asks again while a request waits.
    await expect(item(team.refs.staging).locator('.badge')).toHaveText('Ready', { timeout: 20_000 });
    const out = path.join(await projectDir(dataDir, 'checkout-service'), '.env');
    await act('new hire: Export .env for this service (staging)', () => item(team.refs.staging).getByRole('button', { name: 'Export .env for this service' }).click());
    const dialog = page.getByRole('dialog', { name: `Export ${team.refs.staging}` });
    await act('new hire: types the file path, Enter', async () => {
      await dialog.getByLabel('File path').fill(out);
      await dialog.getByLabel('File path').press('Enter');
    });
    await expect(dialog.getByRole('status')).toContainText(`Wrote ${out} with 2 keys`);

    const written = await fs.readFile(out, 'utf8');
    expect(written).toContain('API_KEY=fake-api-key-staging-not-real');
    expect((await fs.stat(out)).mode & 0o777).toBe(0o600);

    const report = `day-one actions: ${actions.length}\n${actions.map((a, i) => `${i + 1}. ${a}`).join('\n')}\n`;
    console.log(report);
    await testInfo.attach('day-one-actions.txt', { body: report, contentType: 'text/plain' });
    expect(actions.filter((a) => a.startsWith('new hire:'))).toHaveLength(6);
    expect(actions).toHaveLength(10);
    expect(pageProblems).toEqual([]);
  } finally {
    await leadContext.close();
    await lead.close();
    await admin.close();
  }

  /** Another person's Latchkey: its own data dir and services (the real keychain, scoped per data dir). */
  async function person(): Promise<{ services: Services; close(): Promise<void> }> {
    const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'latchkey-e2e-person-')));
    const services = await createServices({ dataDir: dir });
    return { services, close: async () => (await services.close(), await rm(dir, { recursive: true, force: true })) };
  }
});

/**
 * The lead approves in their own window, on the Requests screen. The new hire's device is new to the lead, so
 * approving it needs the fingerprint confirmed (the requester reads it aloud): a deliberate extra click.
 */
async function approveAsLead(leadPage: Page, team: DayOneTeam, act: (what: string, body: () => Promise<unknown>) => Promise<void>): Promise<void> {
  const who = team.people.newHire.username;
  await act('lead: opens Requests', () => nav(leadPage, 'Requests').click());
  const waiting = leadPage.getByRole('region', { name: 'To approve' }).getByRole('article', { name: `${who} asks for ${team.refs.staging}` });
  await expect(waiting).toContainText('New device');
  await act('lead: Approve (on the request)', () => waiting.getByRole('button', { name: `Approve ${who}'s request for ${team.refs.staging}` }).click());
  const decide = leadPage.getByRole('dialog', { name: `Approve ${who}'s request` });
  await act('lead: ticks "read me exactly this fingerprint" (a device new to the lead)', () => decide.getByLabel(`${who} read me exactly this fingerprint`).check());
  await act('lead: Approve for 8h', () => decide.getByRole('button', { name: 'Approve for 8h' }).click());
  await expect(decide).toHaveCount(0);
}
