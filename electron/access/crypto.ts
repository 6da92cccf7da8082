import { AppError } from '../../shared/errors';
import { canonicalJson } from '../audit/canonical-json';
import type { DeviceIdentity } from '../identity/device';
import { loadSodium } from '../identity/sodium';
import { sha256, spokenFingerprint } from '../util/hash';
import type { DeviceKeys } from './records';

/** Domain separation: a signature over a request can never pass for one over a decision or an audit line. */
const CONTEXT = 'latchkey-access-v1';

function message(kind: string, body: unknown): Uint8Array {
  return new TextEncoder().encode(`${CONTEXT}\n${kind}\n${canonicalJson(body)}`);
}

const fromB64 = (text: string) => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

/** This device's keys for access: the X25519 box pair (grants are sealed to it) and the Ed25519 signing pair. */
export interface DeviceAccessKeys {
  public: DeviceKeys;
  boxPrivate: Uint8Array;
  boxPublic: Uint8Array;
  signPrivate: Uint8Array;
}

export async function deviceAccessKeys(identity: DeviceIdentity): Promise<DeviceAccessKeys> {
  const sodium = await loadSodium();
  const box = await identity.ensure();
  const sign = await identity.signingKeypair();
  return {
    public: { box: sodium.to_base64(box.publicKey), sign: sodium.to_base64(sign.publicKey) },
    boxPrivate: box.privateKey,
    boxPublic: box.publicKey,
    signPrivate: sign.privateKey,
  };
}

export async function signBody(kind: string, body: unknown, signPrivate: Uint8Array): Promise<string> {
  const sodium = await loadSodium();
  return sodium.to_base64(sodium.crypto_sign_detached(message(kind, body), signPrivate));
}

/** False for any malformed key or signature, never a throw: a bad record is shown as tampered. */
export async function verifyBody(kind: string, body: unknown, sig: string, signPublic: string): Promise<boolean> {
  const sodium = await loadSodium();
  try {
    return sodium.crypto_sign_verify_detached(fromB64(sig), message(kind, body), fromB64(signPublic));
  } catch {
    return false;
  }
}

/** crypto_box_seal to the requester's device: only that device's private key opens it. */
export async function sealTo(boxPublic: string, plaintext: string): Promise<string> {
  const sodium = await loadSodium();
  return sodium.to_base64(sodium.crypto_box_seal(new TextEncoder().encode(plaintext), fromB64(boxPublic)));
}

export async function openSealed(sealed: string, keys: { boxPublic: Uint8Array; boxPrivate: Uint8Array }, what: string): Promise<string> {
  const sodium = await loadSodium();
  try {
    return new TextDecoder().decode(sodium.crypto_box_seal_open(fromB64(sealed), keys.boxPublic, keys.boxPrivate));
  } catch {
    throw new AppError('FORBIDDEN', `The grant for ${what} could not be opened with this device's key: it was changed on the ledger, or sealed to another device.`,
      'Tell your approver: they can revoke it and approve again. Nothing was read with it.');
  }
}

/**
 * The device fingerprint people compare aloud ("read this to your approver"): SHA-256 over both public
 * keys, first 16 bytes as hex in groups of four. Either key changing changes it.
 */
export function deviceFingerprint(keys: DeviceKeys): string {
  return spokenFingerprint(Buffer.concat([fromB64(keys.box), fromB64(keys.sign)]));
}

/** Binds a decision to exactly the request body it decided on. */
export function requestDigest(body: unknown): string {
  return sha256(canonicalJson(body));
}
