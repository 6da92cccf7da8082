import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { IdentityStatus } from '../../shared/contract';
import { writeFileAtomic } from '../fs/atomic';
import { spokenFingerprint } from '../util/hash';
import type { SecretStore } from './secret-store';
import { loadSodium } from './sodium';

/** Account name of the device private key in the secret store. */
export const DEVICE_KEY_ACCOUNT = 'device-private-key';
/** Account name of the device's Ed25519 signing key (access requests and decisions are signed with it). */
export const SIGNING_KEY_ACCOUNT = 'device-signing-private-key';

/** Public half on disk (not sensitive: grants are sealed *to* it); the private half only in the keychain. */
const DeviceFile = z.object({
  version: z.literal(1),
  publicKey: z.string(),
  createdAt: z.string(),
  /** Ed25519 public key, added the first time this device signs something (an access request or decision). */
  signPublicKey: z.string().optional(),
});
type DeviceFile = z.infer<typeof DeviceFile>;

export interface DeviceKeypair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/**
 * The device's X25519 keypair. Access grants are sealed to the public key (crypto_box_seal), so a ledger
 * entry, an approver's screen or a log line never holds a usable credential.
 */
export class DeviceIdentity {
  private readonly file: string;

  constructor(dataDir: string, private readonly store: SecretStore) {
    this.file = path.join(dataDir, 'device.json');
  }

  async status(): Promise<IdentityStatus> {
    const device = await this.readPublic();
    if (!device) return { deviceKeyPresent: false, fingerprint: null, publicKey: null, createdAt: null };
    return {
      deviceKeyPresent: true,
      fingerprint: fingerprint(device.publicKey),
      publicKey: device.publicKey,
      createdAt: device.createdAt,
    };
  }

  /** Returns the keypair, creating it on first run. The private key is written to the store before the
   *  public file, so a crash in between leaves no public key without its private half. */
  async ensure(): Promise<DeviceKeypair> {
    const sodium = await loadSodium();
    const existing = await this.readPublic();
    if (existing) {
      const privateB64 = await this.store.get(DEVICE_KEY_ACCOUNT);
      if (privateB64 !== null) {
        return { publicKey: sodium.from_base64(existing.publicKey), privateKey: sodium.from_base64(privateB64) };
      }
      // The keychain lost the private half (new keychain, wiped profile): start over with a new device key.
    }
    const pair = sodium.crypto_box_keypair();
    await this.store.set(DEVICE_KEY_ACCOUNT, sodium.to_base64(pair.privateKey));
    const file: DeviceFile = { version: 1, publicKey: sodium.to_base64(pair.publicKey), createdAt: new Date().toISOString() };
    await writeFileAtomic(this.file, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
    return { publicKey: pair.publicKey, privateKey: pair.privateKey };
  }

  /**
   * The device's Ed25519 signing keypair beside its X25519 one, created on first use. A new X25519 key
   * (the keychain lost it) rewrites device.json without this one, so both are replaced together.
   */
  async signingKeypair(): Promise<DeviceKeypair> {
    const sodium = await loadSodium();
    await this.ensure();
    const device = (await this.readPublic())!;
    if (device.signPublicKey) {
      const privateB64 = await this.store.get(SIGNING_KEY_ACCOUNT);
      if (privateB64 !== null) return { publicKey: sodium.from_base64(device.signPublicKey), privateKey: sodium.from_base64(privateB64) };
    }
    const pair = sodium.crypto_sign_keypair();
    await this.store.set(SIGNING_KEY_ACCOUNT, sodium.to_base64(pair.privateKey));
    const file: DeviceFile = { ...device, signPublicKey: sodium.to_base64(pair.publicKey) };
    await writeFileAtomic(this.file, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
    return { publicKey: pair.publicKey, privateKey: pair.privateKey };
  }

  private async readPublic(): Promise<DeviceFile | null> {
    try {
      return DeviceFile.parse(JSON.parse(await fs.readFile(this.file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

/** SHA-256 of the raw public key, first 16 bytes as hex in groups of four: easy to compare aloud. */
export function fingerprint(publicKeyB64: string): string {
  return spokenFingerprint(Buffer.from(publicKeyB64.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}
