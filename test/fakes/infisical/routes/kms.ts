import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, constants } from 'node:crypto';
import { badRequest, notFound } from '../errors';
import { requireAdmin, requireMember } from '../permissions';
import type { Route, RouteCtx } from '../server';
import { newId, type SimKmsKey } from '../state';
import { requireString } from '../validate';
import { projectFor } from './projects';

/**
 * KMS routes the SDK calls (`/api/v1/kms/keys/**`). Not in BACKENDS_API.md: shapes follow the SDK's types
 * (`KmsKey`, `{ciphertext}`, `{plaintext}`, `{signature,keyId,signingAlgorithm}`), payloads base64.
 */
const RSA_ALGS = ['RSASSA_PSS_SHA_512', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_256'];
const EC_ALGS = ['ECDSA_SHA_512', 'ECDSA_SHA_384', 'ECDSA_SHA_256'];

const keyJson = ({ material: _m, ...k }: SimKmsKey) => k;

function keyById(ctx: RouteCtx): SimKmsKey {
  const key = ctx.state.kmsKeys.find((k) => k.id === ctx.params.keyId);
  if (!key) throw notFound(`Key with ID ${ctx.params.keyId} not found`);
  requireMember(ctx.state, key.projectId, ctx.who);
  return key;
}

function signingParams(key: SimKmsKey, alg: string) {
  const allowed = key.encryptionAlgorithm === 'RSA_4096' ? RSA_ALGS : EC_ALGS;
  if (key.keyUsage !== 'sign-verify' || !allowed.includes(alg)) throw badRequest(`Signing algorithm ${alg} is not supported for this key`);
  const hash = `sha${alg.slice(-3)}`;
  const pss = alg.startsWith('RSASSA_PSS');
  return { hash, key: createPrivateKey(key.material.privateKeyPem!), padding: pss ? constants.RSA_PKCS1_PSS_PADDING : undefined };
}

export const kmsRoutes: Route[] = [
  {
    method: 'POST', path: '/api/v1/kms/keys', auth: 'any',
    handler(ctx) {
      const project = projectFor(ctx, requireString(ctx.body, 'projectId'));
      requireAdmin(ctx.state, project.id, ctx.who, 'kms');
      const name = requireString(ctx.body, 'name');
      if (ctx.state.kmsKeys.some((k) => k.projectId === project.id && k.name === name)) throw badRequest(`A KMS key with the name "${name}" already exists in the project`);
      const usage = ctx.body.keyUsage === 'sign-verify' ? 'sign-verify' : 'encrypt-decrypt';
      const alg = String(ctx.body.encryptionAlgorithm ?? (usage === 'sign-verify' ? 'RSA_4096' : 'aes-256-gcm'));
      const material: SimKmsKey['material'] = {};
      if (usage === 'encrypt-decrypt') {
        if (alg !== 'aes-256-gcm' && alg !== 'aes-128-gcm') throw badRequest(`Encryption algorithm ${alg} is not supported for encrypt-decrypt keys`);
        material.secret = randomBytes(alg === 'aes-256-gcm' ? 32 : 16);
      } else {
        const pair = alg === 'ECC_NIST_P256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 4096 });
        material.privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
        material.publicKeyDer = pair.publicKey.export({ type: 'spki', format: 'der' });
      }
      const at = ctx.state.iso();
      const key: SimKmsKey = { id: newId(), name, description: String(ctx.body.description ?? ''), projectId: project.id, orgId: ctx.state.orgId, keyUsage: usage, encryptionAlgorithm: alg, isDisabled: false, version: 1, createdAt: at, updatedAt: at, material };
      ctx.state.kmsKeys.push(key);
      return { key: keyJson(key) };
    },
  },
  {
    method: 'DELETE', path: '/api/v1/kms/keys/:keyId', auth: 'any',
    handler(ctx) {
      const key = keyById(ctx);
      requireAdmin(ctx.state, key.projectId, ctx.who, 'kms');
      ctx.state.kmsKeys = ctx.state.kmsKeys.filter((k) => k !== key);
      return { key: keyJson(key) };
    },
  },
  {
    method: 'GET', path: '/api/v1/kms/keys/key-name/:name', auth: 'any',
    handler(ctx) {
      const project = projectFor(ctx, requireString(ctx.query, 'projectId'));
      const key = ctx.state.kmsKeys.find((k) => k.projectId === project.id && k.name === ctx.params.name);
      if (!key) throw notFound(`Key with name ${ctx.params.name} not found`);
      return { key: keyJson(key) };
    },
  },
  {
    method: 'POST', path: '/api/v1/kms/keys/:keyId/encrypt', auth: 'any',
    handler(ctx) {
      const key = keyById(ctx);
      if (key.keyUsage !== 'encrypt-decrypt') throw badRequest('Key is not an encryption key');
      const iv = randomBytes(12);
      const cipher = createCipheriv(key.encryptionAlgorithm as 'aes-256-gcm', key.material.secret!, iv);
      const body = Buffer.concat([cipher.update(Buffer.from(requireString(ctx.body, 'plaintext'), 'base64')), cipher.final()]);
      return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
    },
  },
  {
    method: 'POST', path: '/api/v1/kms/keys/:keyId/decrypt', auth: 'any',
    handler(ctx) {
      const key = keyById(ctx);
      const blob = Buffer.from(requireString(ctx.body, 'ciphertext'), 'base64');
      try {
        const decipher = createDecipheriv(key.encryptionAlgorithm as 'aes-256-gcm', key.material.secret!, blob.subarray(0, 12));
        decipher.setAuthTag(blob.subarray(12, 28));
        return { plaintext: Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('base64') };
      } catch {
        throw badRequest('Failed to decrypt data');
      }
    },
  },
  {
    method: 'POST', path: '/api/v1/kms/keys/:keyId/sign', auth: 'any',
    handler(ctx) {
      const key = keyById(ctx);
      const alg = requireString(ctx.body, 'signingAlgorithm');
      const p = signingParams(key, alg);
      const signature = sign(p.hash, Buffer.from(requireString(ctx.body, 'data'), 'base64'), { key: p.key, padding: p.padding });
      return { signature: signature.toString('base64'), keyId: key.id, signingAlgorithm: alg };
    },
  },
  {
    method: 'POST', path: '/api/v1/kms/keys/:keyId/verify', auth: 'any',
    handler(ctx) {
      const key = keyById(ctx);
      const alg = requireString(ctx.body, 'signingAlgorithm');
      const p = signingParams(key, alg);
      const publicKey = createPublicKey(p.key);
      const ok = verify(p.hash, Buffer.from(requireString(ctx.body, 'data'), 'base64'), { key: publicKey, padding: p.padding }, Buffer.from(requireString(ctx.body, 'signature'), 'base64'));
      return { signatureValid: ok, keyId: key.id, signingAlgorithm: alg };
    },
  },
  {
    method: 'GET', path: '/api/v1/kms/keys/:keyId/signing-algorithms', auth: 'any',
    handler(ctx) {
      const key = keyById(ctx);
      return { signingAlgorithms: key.keyUsage !== 'sign-verify' ? [] : key.encryptionAlgorithm === 'RSA_4096' ? RSA_ALGS : EC_ALGS };
    },
  },
  {
    method: 'GET', path: '/api/v1/kms/keys/:keyId/public-key', auth: 'any',
    handler(ctx) {
      const key = keyById(ctx);
      if (!key.material.publicKeyDer) throw badRequest('Key is not a signing key');
      return { publicKey: key.material.publicKeyDer.toString('base64') };
    },
  },
];
