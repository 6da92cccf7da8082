import path from 'node:path';
import { ACCESS_LISTING, REQUEST_FORM } from './support/access-fixtures';
import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';
import { exportRow, projectDir } from './support/export-helpers';
import { envRow, expectNoAxeViolations, nav } from './support/page-helpers';
import { backendCard, chooseProfileFile } from './support/day-one-helpers';

/**
 * axe-core on every screen and every overlay, in the light and the dark theme (prefers-color-scheme):
 * zero violations, including colour contrast.
 */
for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme}`, () => {
    test.use({ colorScheme });

    test('first day: the welcome flow and the empty screens', async ({ page, rendererUrl }) => {
      await page.goto(rendererUrl);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Latchkey');
      await expectNoAxeViolations(page, 'Welcome (step 1)');
      await nav(page, 'Environments').click();
      await expect(page.getByRole('region', { name: 'No environments yet' })).toBeVisible();
      await expectNoAxeViolations(page, 'Environments (empty)');
      for (const [screen, marker] of [
        ['Requests', 'No access requests'],
        ['Exports', 'No active exports'],
        ['Activity', 'Nothing recorded yet'],
      ] as const) {
        await nav(page, screen).click();
        await expect(page.getByRole('region', { name: marker })).toBeVisible();
        await expectNoAxeViolations(page, `${screen} (empty)`);
      }
      await nav(page, 'Settings').click();
      await expect(page.getByRole('heading', { name: 'Device identity' })).toBeVisible();
      await expectNoAxeViolations(page, 'Settings');
    });

    test.describe('with a team', () => {
      test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });
      test.beforeEach(async ({ services }) => seedTeam(services));

      test('environments, the drawer, a revealed value, the export dialog with a refusal', async ({ page, rendererUrl, dataDir }) => {
        await page.goto(rendererUrl);
        await expect(envRow(page, TEAM.signedOut)).toBeVisible();
        await expectNoAxeViolations(page, 'Environments');
        await page.getByRole('group', { name: 'Access' }).getByRole('button', { name: /^Denied/ }).click();
        await expectNoAxeViolations(page, 'Environments (filtered)');
        await page.getByRole('button', { name: 'Clear filters' }).click();

        await envRow(page, TEAM.granted).getByRole('button').click();
        const drawer = page.getByRole('dialog', { name: `Details of ${TEAM.granted}` });
        await drawer.getByRole('button', { name: 'Reveal API_KEY' }).click();
        await drawer.getByRole('button', { name: 'Run…' }).click();
        await expect(drawer.getByRole('group', { name: 'Value of API_KEY' })).toBeVisible();
        await expectNoAxeViolations(page, 'the environment drawer');

        await drawer.getByRole('button', { name: 'Export…' }).click();
        const dialog = page.getByRole('dialog', { name: `Export ${TEAM.granted}` });
        await expect(dialog.getByRole('radio', { name: '8h' })).toBeChecked();
        await expectNoAxeViolations(page, 'the export dialog');
        const { execFileSync } = await import('node:child_process');
        const repo = await projectDir(dataDir, 'repo');
        execFileSync('git', ['init', '-q', repo]);
        await dialog.getByLabel('File path').fill(path.join(repo, '.env'));
        await dialog.getByRole('button', { name: 'Write export' }).click();
        await expect(dialog.getByRole('alert')).toBeVisible();
        await expectNoAxeViolations(page, 'the export dialog with the git guard refusal');
      });

      test('day one: sign-in cards, the checklist with Request all missing, Settings backends, a profile change to confirm', async ({ page, rendererUrl, services }) => {
        await page.goto(rendererUrl);
        await nav(page, 'Day one').click();
        await expect(backendCard(page, TEAM.doppler).getByRole('form', { name: `Sign in to ${TEAM.doppler}` })).toBeVisible();
        await expectNoAxeViolations(page, 'Welcome (sign in, choose a role)');
        await page.getByRole('button', { name: new RegExp(`^${TEAM.role}`) }).click();
        await expect(page.getByRole('form', { name: 'Request all missing' })).toBeVisible();
        await expect(page.getByRole('listitem', { name: TEAM.granted }).locator('.badge')).toHaveText('Ready');
        await page.getByRole('listitem', { name: TEAM.granted }).getByRole('button', { name: 'Run…' }).click();
        await expectNoAxeViolations(page, 'the day-one checklist');

        await nav(page, 'Settings').click();
        await expect(backendCard(page, TEAM.vault).locator('.badge')).toHaveText('Signed in');
        await page.getByRole('button', { name: 'Add a backend…' }).click();
        await backendCard(page, TEAM.doppler).getByRole('button', { name: 'Sign in' }).click();
        await expect(page.getByRole('region', { name: 'The latchkey command' })).toContainText('Not installed');
        await expectNoAxeViolations(page, 'Settings (backends, add a backend, the latchkey command)');
        const moved = { version: 1, team: 'acme', backends: [{ name: TEAM.vault, kind: 'vault', url: 'http://127.0.0.1:9', kvMount: 'secret', auth: { method: 'token' } }] };
        await chooseProfileFile(page, 'acme-team-v2.json', JSON.stringify(moved));
        await expect(page.getByRole('dialog', { name: 'Confirm the change of backend' })).toBeVisible();
        await expectNoAxeViolations(page, 'the profile change confirmation');
        expect((await services.backends.get(TEAM.vault)).url).toBe('http://127.0.0.1:1');
      });

      test('requests: both boxes with every state and device trust, the request, approve and deny dialogs', async ({ page, rendererUrl, bridge }) => {
        bridge.override('access:list', () => ({ ok: true, value: ACCESS_LISTING }));
        bridge.override('access:requestForm', () => ({ ok: true, value: REQUEST_FORM }));
        await page.goto(rendererUrl);
        await nav(page, 'Requests').click();
        const inbox = page.getByRole('region', { name: 'To approve' });
        await expect(inbox.getByRole('article')).toHaveCount(5);
        await expect(inbox.getByRole('article', { name: `bob asks for ${TEAM.requestable}` })).toContainText('CHANGED DEVICE');
        await expect(inbox.getByRole('button', { name: `Approve eve's request for ${TEAM.requestable}` })).toBeDisabled();
        await expect(page.getByRole('region', { name: 'Mine' }).getByRole('article')).toHaveCount(4);
        await expectNoAxeViolations(page, 'Requests');
        await inbox.getByRole('button', { name: `Approve bob's request for ${TEAM.requestable}` }).click();
        const approve = page.getByRole('dialog', { name: "Approve bob's request" });
        await expect(approve).toContainText('a DIFFERENT device');
        await expectNoAxeViolations(page, 'the approve dialog for a changed device');
        await page.keyboard.press('Escape');
        await expect(inbox.getByRole('button', { name: `Approve bob's request for ${TEAM.requestable}` })).toBeFocused();
        await inbox.getByRole('button', { name: `Deny alice's request for ${TEAM.requestable}` }).click();
        await expectNoAxeViolations(page, 'the deny dialog');
        await page.keyboard.press('Escape');
        await page.getByRole('region', { name: 'Mine' }).getByRole('button', { name: `Give back ${TEAM.denied}` }).click();
        await expect(page.getByRole('group', { name: `Confirm giving back ${TEAM.denied}` }).getByRole('button', { name: 'Give back now' })).toBeFocused();
        await expectNoAxeViolations(page, 'Requests, giving back');

        await page.getByRole('region', { name: 'Mine' }).getByRole('button', { name: `Request ${TEAM.granted} again` }).click();
        const ask = page.getByRole('dialog', { name: `Request access to ${TEAM.granted}` });
        await expect(ask.getByLabel('Reason')).toBeFocused();
        await expectNoAxeViolations(page, 'the request dialog');
      });

      test('exports with extend and revoke open, ended notes, activity with a verify result', async ({ page, rendererUrl, dataDir, services }) => {
        const dir = await projectDir(dataDir);
        await services.exports.create({ ref: TEAM.granted, path: path.join(dir, '.env'), ttl: '1h' });
        const gone = await services.exports.create({ ref: TEAM.granted, path: path.join(dir, 'gone.env'), ttl: '1h' });
        await page.goto(rendererUrl);
        await nav(page, 'Exports').click();
        await expect(exportRow(page, path.join(dir, '.env'))).toBeVisible();
        await services.exports.revoke(gone.export.id);
        await expect(page.getByRole('region', { name: 'Ended exports' })).toBeVisible();
        await exportRow(page, path.join(dir, '.env')).getByRole('button', { name: /^Extend/ }).click();
        await expect(page.getByRole('group', { name: /^Extend/ })).toBeVisible();
        await expectNoAxeViolations(page, 'Exports with extend open');
        await exportRow(page, path.join(dir, '.env')).getByRole('button', { name: /^Revoke/ }).click();
        await expectNoAxeViolations(page, 'Exports with the revoke confirmation');

        await nav(page, 'Activity').click();
        await page.getByRole('button', { name: 'Verify integrity' }).click();
        await expect(page.getByRole('status').filter({ hasText: 'Intact' })).toBeVisible();
        await expectNoAxeViolations(page, 'Activity');
        await nav(page, 'Settings').click();
        await expect(backendCard(page, TEAM.vault)).toBeVisible();
        await expectNoAxeViolations(page, 'Settings with backends');
      });
    });
  });
}
