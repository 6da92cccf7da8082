import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { SampleTeamInfo } from '../../fakes/sample-team';
import { ROOT } from '../../support/cli';

/** True when nothing accepts connections at `url` any more. */
async function closed(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return false;
  } catch (error) {
    return ((error as { cause?: { code?: string } }).cause?.code ?? '') === 'ECONNREFUSED';
  }
}

describe('npm run simulators', () => {
  it('prints one JSON line with every URL and credential, serves them, and stops cleanly on SIGINT', async () => {
    // `node --import tsx` rather than `npm run`: one process, so the signal reaches the script itself.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'simulators.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => void (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', () => reject(new Error(`the script exited before printing its line: ${stderr}`)));
      });
      const info = JSON.parse(line) as SampleTeamInfo;
      expect(info.infisical).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), clientId: expect.any(String), clientSecret: expect.any(String), project: 'payments' });
      expect(info.doppler).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), personalToken: expect.stringMatching(/^dp\.pt\./), serviceToken: expect.stringMatching(/^dp\.st\./) });

      // One authenticated call to each backend, with the printed credentials.
      const login = await fetch(`${info.infisical.url}/api/v1/auth/universal-auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientId: info.infisical.clientId, clientSecret: info.infisical.clientSecret }),
      });
      expect(login.status).toBe(200);
      const me = await fetch(`${info.doppler.url}/v3/me`, { headers: { Authorization: `Bearer ${info.doppler.personalToken}` } });
      expect(me.status).toBe(200);
      const urls = [info.infisical.url, info.doppler.url];
      // moto is installed by the host setup, so the line must carry AWS too: its URL and fake key pair.
      expect(info.aws).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), region: 'eu-west-1', accessKeyId: 'FAKEACCESSKEYEXAMPLE', prefix: 'acme/' });
      expect(info.aws!.accessKeyId).not.toMatch(/AKIA[0-9A-Z]{16}/);
      const sm = new SecretsManagerClient({ region: info.aws!.region, endpoint: info.aws!.url, credentials: { accessKeyId: info.aws!.accessKeyId, secretAccessKey: info.aws!.secretAccessKey } });
      const listed = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [info.aws!.prefix] }] }));
      sm.destroy();
      expect(listed.SecretList?.map((s) => s.Name).sort()).toEqual(info.aws!.secrets.sort());
      urls.push(`${info.aws!.url}/moto-api/data.json`);
      if (info.openbao) {
        const secret = await fetch(`${info.openbao.url}/v1/${info.openbao.kvMount}/data/${info.openbao.paths[0]}`, { headers: { 'X-Vault-Token': info.openbao.rootToken } });
        expect(secret.status).toBe(200);
        urls.push(`${info.openbao.url}/v1/sys/health`);
      }

      child.kill('SIGINT');
      expect(await exited, stderr).toBe(0);
      for (const url of urls) expect(await closed(url), url).toBe(true);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
