import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { startOpenBao, type OpenBaoServer } from '../setup/openbao-server';
import { vaultAccessTeam } from '../support/vault-access-team';
import { expect, test } from './support/fixtures';
import { envRow, expectNoAxeViolations, nav } from './support/page-helpers';
import { openPerson, signedInServices, workDirOf, type Person } from './support/people';

/**
 * The access-request loop once through the UI, with two people on a real OpenBao: Alice asks in her window,
 * the lead approves a shorter grant in theirs (confirming Alice's new device by its fingerprint), Alice's
 * window shows the grant with its end, she exports with it and gives it back. Each window is bridged to its
 * own services and data dir, as two laptops would be; the grant credential reaches neither window.
 */
const STAGING = 'acme:payments/staging';

let openbao: OpenBaoServer;
test.beforeAll(async () => {
  openbao = await startOpenBao();
});
test.afterAll(async () => openbao?.stop());

test('request in one window, approve a shorter grant in another, receive, export, give back; the credential never reaches a page', async ({ browser, rendererUrl }) => {
  test.setTimeout(90_000);
  const team = await vaultAccessTeam({ address: openbao.address, token: openbao.token });
  const admin = await signedInServices(team.profile, 'acme', { method: 'token', token: openbao.token });
  await admin.services.access.setup('acme', { dryRun: false });
  await admin.services.close();
  await rm(workDirOf(admin.dataDir), { recursive: true, force: true });
  const people: Person[] = [];
  try {
    const alice = await openPerson(browser, rendererUrl, team.profile, 'acme', { method: 'userpass', username: team.people.alice.username, password: team.passwords.alice });
    people.push(alice);
    const lead = await openPerson(browser, rendererUrl, team.profile, 'acme', { method: 'userpass', username: team.people.lead.username, password: team.passwords.lead });
    people.push(lead);
    const aliceName = team.people.alice.username;

    // Alice: the environment's drawer → Request access → a reason, a duration, her device fingerprint.
    await envRow(alice.page, STAGING).getByRole('button').click();
    await alice.page.getByRole('dialog', { name: `Details of ${STAGING}` }).getByRole('button', { name: 'Request access' }).click();
    const ask = alice.page.getByRole('dialog', { name: `Request access to ${STAGING}` });
    await expect(ask.getByLabel('Reason')).toBeFocused();
    await expect(ask.getByRole('radio', { name: '1h' })).toBeChecked();
    await expect(ask.locator('label.chip-radio')).toHaveText(['15m', '1h', '8h']);
    const fingerprint = (await ask.locator('code.fingerprint').textContent())!;
    expect(fingerprint).toMatch(/^([0-9a-f]{4}:){7}[0-9a-f]{4}$/);
    await expect(ask).toContainText('Read this to your approver');
    await expectNoAxeViolations(alice.page, 'the request dialog');
    await ask.getByLabel('Reason').fill('short');
    await ask.getByRole('button', { name: 'Send request' }).click();
    await expect(ask.getByRole('alert')).toContainText('at least 10 characters');
    await ask.getByLabel('Reason').fill('INC-4242: debug the checkout');
    await ask.getByRole('button', { name: 'Send request' }).click();
    const sent = ask.getByRole('status');
    await expect(sent).toContainText('Sent request');
    const id = (await sent.locator('code').first().textContent())!;
    await ask.getByRole('button', { name: 'Show my requests' }).click();
    const mine = alice.page.getByRole('region', { name: 'Mine' });
    await expect(mine.getByRole('article', { name: STAGING })).toContainText('Waiting');
    await expect(mine).toContainText(fingerprint);

    // The lead: To approve shows who, what, why, how long and a NEW device; approving needs its fingerprint confirmed.
    await nav(lead.page, 'Requests').click();
    const waiting = lead.page.getByRole('region', { name: 'To approve' }).getByRole('article', { name: `${aliceName} asks for ${STAGING}` });
    await expect(waiting).toContainText('INC-4242: debug the checkout');
    await expect(waiting).toContainText('New device');
    await expect(waiting).toContainText(fingerprint);
    await expectNoAxeViolations(lead.page, 'the Requests screen with a request to approve');
    await waiting.getByRole('button', { name: `Approve ${aliceName}'s request for ${STAGING}` }).click();
    const decide = lead.page.getByRole('dialog', { name: `Approve ${aliceName}'s request` });
    await decide.getByRole('radio', { name: '15m' }).check();
    await expect(decide.getByRole('button', { name: 'Approve for 15m' })).toBeDisabled();
    await expect(decide.locator('.fingerprint-large')).toHaveText(fingerprint);
    await expectNoAxeViolations(lead.page, 'the approve dialog with a new device');
    await decide.getByLabel(`${aliceName} read me exactly this fingerprint`).check();
    await decide.getByRole('button', { name: 'Approve for 15m' }).click();
    await expect(decide).toHaveCount(0);
    await expect(lead.page.getByRole('status').filter({ hasText: `Approved: ${aliceName} may read ${STAGING} for 15m` })).toBeFocused();
    await expect(waiting).toContainText('Granted');

    // Alice: her request is granted, with its end; the environment says so too.
    await alice.page.getByRole('button', { name: 'Refresh' }).click();
    const granted = mine.getByRole('article', { name: STAGING });
    await expect(granted).toContainText('Granted');
    await expect(granted).toContainText(/Ends in 1[45]m/);
    await expect(granted).toContainText(`${team.people.lead.username} for 15m`);
    const credential = await alice.services.access.core.deps.grants.credential(id);
    expect(credential).toBeTruthy();
    await nav(alice.page, 'Environments').click();
    await alice.page.getByRole('button', { name: 'Refresh' }).click();
    await expect(envRow(alice.page, STAGING)).toContainText('Granted');
    await envRow(alice.page, STAGING).getByRole('button').click();
    const drawer = alice.page.getByRole('dialog', { name: `Details of ${STAGING}` });
    await expect(drawer).toContainText(`(request ${id}; it ends by itself)`);

    // …exports with it (the export ends no later than the grant)…
    await drawer.getByRole('button', { name: 'Export…' }).click();
    const exporting = alice.page.getByRole('dialog', { name: `Export ${STAGING}` });
    const file = path.join(workDirOf(alice.dataDir), 'project.env');
    await exporting.getByLabel('File path').fill(file);
    await exporting.getByRole('button', { name: 'Write export' }).click();
    await expect(exporting.getByRole('status')).toContainText('Wrote');
    await exporting.getByRole('button', { name: 'Done' }).click();
    expect(await readFile(file, 'utf8')).toContain('fake-staging-key-not-real');

    // …and gives it back: the grant ends at OpenBao, the export with it.
    await alice.page.keyboard.press('Escape');
    await nav(alice.page, 'Requests').click();
    await granted.getByRole('button', { name: `Give back ${STAGING}` }).click();
    await expectNoAxeViolations(alice.page, 'the Requests screen, giving back');
    await granted.getByRole('button', { name: 'Give back now' }).click();
    await expect(alice.page.getByRole('status').filter({ hasText: `Gave back ${STAGING}` })).toContainText('1 export(s) made with it were removed');
    await expect(granted).toContainText('Given back');
    await expect(granted.getByRole('button', { name: `Request ${STAGING} again` })).toBeVisible();
    await expect(stat(file)).rejects.toThrow();
    const lookup = await fetch(`${openbao.address}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': credential! } });
    expect(lookup.status).toBe(403);

    // The canary: the grant credential was in no answer or event either window got, nor on either page.
    for (const person of people) {
      expect(person.payloads.length).toBeGreaterThan(5);
      for (const payload of person.payloads) expect(payload).not.toContain(credential);
      expect(await person.page.content()).not.toContain(credential);
    }
  } finally {
    for (const person of people) await person.close();
  }
});
