import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';
import { ACCESS_LISTING } from './support/access-fixtures';
import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';
import { exportRow, projectDir } from './support/export-helpers';
import { envRow, nav } from './support/page-helpers';
import { backendCard, chooseProfileFile } from './support/day-one-helpers';
import { dayOneTeam } from '../fakes/day-one-team';

/**
 * The README's screenshots (docs/*.png), taken from the real renderer over the real services. Every run
 * takes them into the test results; `LATCHKEY_UPDATE_DOCS=1 npx playwright test docs-screenshots` also
 * copies them into docs/.
 */
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));

async function capture(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  if (process.env.LATCHKEY_UPDATE_DOCS === '1') {
    await mkdir(docs, { recursive: true });
    await copyFile(file, path.join(docs, `${name}.png`));
  }
}

test.use({ viewport: { width: 1280, height: 760 } });

test('screenshots: the welcome flow and the day-one checklist (the real sample team)', async ({ page, rendererUrl, sampleTeam }, testInfo) => {
  const team = await dayOneTeam(sampleTeam.info);
  await page.goto(rendererUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Latchkey');

  await chooseProfileFile(page, 'acme-team.json', JSON.stringify(team.profile));
  const vault = backendCard(page, team.backends.vault);
  await vault.getByLabel('Username').fill(team.people.newHire.username);
  await vault.getByLabel('Password').fill(team.people.newHire.password);
  await vault.getByLabel('Password').press('Enter');
  await expect(vault.locator('.badge')).toHaveText('Signed in');
  await page.getByRole('heading', { name: /Sign in to each backend/ }).scrollIntoViewIfNeeded();
  await capture(page, testInfo, 'welcome-sign-in');

  await page.getByRole('button', { name: new RegExp(`^${team.role}`) }).click();
  await expect(page.getByRole('listitem', { name: team.refs.staging }).locator('.badge')).toHaveText('Missing');
  await page.getByLabel('Why you need them').fill('Day one on payments: run checkout against staging');
  await page.getByRole('heading', { name: 'Environments' }).scrollIntoViewIfNeeded();
  await capture(page, testInfo, 'checklist');
});

test.describe('with the made-up team', () => {
  test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });
  test.beforeEach(async ({ services }) => seedTeam(services));

  test('screenshots: environments, the drawer, exports', async ({ page, rendererUrl, dataDir, services }, testInfo) => {
    await page.goto(rendererUrl);
    await expect(envRow(page, TEAM.signedOut)).toBeVisible();
    await capture(page, testInfo, 'environments');

    await envRow(page, TEAM.granted).getByRole('button').click();
    const drawer = page.getByRole('dialog', { name: `Details of ${TEAM.granted}` });
    await drawer.getByRole('button', { name: 'Reveal API_KEY' }).click();
    await expect(drawer.getByRole('group', { name: 'Value of API_KEY' })).toBeVisible();
    await capture(page, testInfo, 'environment-drawer');

    const dir = await projectDir(dataDir, 'checkout-service');
    await services.exports.create({ ref: TEAM.granted, path: path.join(dir, '.env'), ttl: '2h', keys: ['API_KEY', 'STRIPE_KEY'] });
    await services.exports.create({ ref: TEAM.granted, path: path.join(dir, 'config.json'), format: 'json', ttl: '45m' });
    const ended = await services.exports.create({ ref: TEAM.granted, path: path.join(dir, '.env.test'), ttl: '1h' });
    await page.keyboard.press('Escape');
    await nav(page, 'Exports').click();
    await expect(exportRow(page, path.join(dir, '.env'))).toBeVisible();
    await services.exports.revoke(ended.export.id);
    await expect(page.getByRole('region', { name: 'Ended exports' })).toBeVisible();
    await exportRow(page, path.join(dir, '.env')).getByRole('button', { name: /^Extend/ }).click();
    await capture(page, testInfo, 'exports');
  });
});

test('screenshots: requests, confirming a new device', async ({ page, rendererUrl, bridge }, testInfo) => {
  bridge.override('access:list', () => ({ ok: true, value: ACCESS_LISTING }));
  await page.goto(rendererUrl);
  await nav(page, 'Requests').click();
  await expect(page.getByRole('region', { name: 'Mine' })).toBeVisible();
  await capture(page, testInfo, 'requests');
  await page.getByRole('button', { name: `Approve alice's request for ${TEAM.requestable}` }).click();
  await page.getByRole('dialog', { name: "Approve alice's request" }).getByRole('radio', { name: '4h' }).check();
  await capture(page, testInfo, 'approve-device');
});
