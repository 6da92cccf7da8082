import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import nodeVault from 'node-vault';
import { createServices, type Services } from '../electron/services';
import { serializerFor } from '../electron/exports/serializers';
import type { ExportContext } from '../electron/exports/context';
import { prepareTarget } from '../electron/exports/target';
import { sha256 } from '../electron/util/hash';
import { writeFileAtomic } from '../electron/fs/atomic';
import { MemoryStore } from '../test/support/memory-store';
import { EXPORT_SIZES, plainDotenv, refFor, type ExportWorld } from './export-world';
import { median } from './stats';
import { tempDir } from './world';

export interface ExportRow {
  keys: number;
  latchkeyMs: number;
  floorMs: number;
  nodeVaultMs: number;
  floorDurableMs: number;
  runs: number;
}

/** Services on a temp data dir with an in-memory secret store, signed in with the bench token. */
async function benchServices(world: ExportWorld): Promise<Services> {
  // Value cache off: the bench times a read from OpenBao; with it on, every run after the first is served from memory.
  const services = await createServices({ dataDir: await tempDir('export-home'), secretStore: new MemoryStore(), env: { LATCHKEY_CACHE_TTL: '0' } });
  for (const backend of world.profile.backends) await services.backends.upsert(backend);
  await services.profiles.save(world.profile);
  await (await services.registry.get('bench')).login({ method: 'token', token: world.token });
  return services;
}

/**
 * In-process `latchkey export` (services API) against the floor (one raw fetch + one file write) and
 * node-vault (read + the same write), and the floor with a durable (fsync'd) write for context. They take
 * turns within each run so drift hits all alike; each export is revoked (file removed) after it is timed,
 * outside the measurement.
 */
export async function benchExport(world: ExportWorld, runs: number): Promise<{ rows: ExportRow[]; services: Services; outDir: string }> {
  const services = await benchServices(world);
  const outDir = await tempDir('export-out');
  const vault = nodeVault({ apiVersion: 'v1', endpoint: world.address, token: world.token });
  const rows: ExportRow[] = [];
  for (const size of EXPORT_SIZES) {
    const kvPath = `${world.mount}/data/exp/k${size}`;
    const latchkey = async (out: string) => {
      const created = await services.exports.create({ ref: refFor(size), path: out, format: 'dotenv', ttl: '15m' });
      if (created.export.keys.length !== size) throw new Error(`export wrote ${created.export.keys.length} keys, expected ${size}`);
      return async () => void (await services.exports.revoke(created.export.id));
    };
    const floor = async (out: string) => {
      const res = await fetch(`${world.address}/v1/${kvPath}`, { headers: { 'X-Vault-Token': world.token } });
      if (!res.ok) throw new Error(`floor read: HTTP ${res.status}`);
      const body = (await res.json()) as { data: { data: Record<string, string> } };
      await fs.writeFile(out, plainDotenv(body.data.data), { mode: 0o600 });
      return () => fs.rm(out, { force: true });
    };
    const withNodeVault = async (out: string) => {
      const body = (await vault.read(kvPath)) as { data: { data: Record<string, string> } };
      await fs.writeFile(out, plainDotenv(body.data.data), { mode: 0o600 });
      return () => fs.rm(out, { force: true });
    };
    // Context for the floor: the same read with a durable write (temp + fsync + rename + dir fsync).
    const floorDurable = async (out: string) => {
      const res = await fetch(`${world.address}/v1/${kvPath}`, { headers: { 'X-Vault-Token': world.token } });
      if (!res.ok) throw new Error(`floor read: HTTP ${res.status}`);
      const body = (await res.json()) as { data: { data: Record<string, string> } };
      await writeFileAtomic(out, plainDotenv(body.data.data));
      return () => fs.rm(out, { force: true });
    };
    const methods = { latchkey, floor, withNodeVault, floorDurable };
    const times: Record<keyof typeof methods, number[]> = { latchkey: [], floor: [], withNodeVault: [], floorDurable: [] };
    for (let run = -3; run < runs; run++) {
      for (const [name, fn] of Object.entries(methods) as Array<[keyof typeof methods, (out: string) => Promise<() => Promise<void>>]>) {
        const out = path.join(outDir, `${name}-${size}.env`);
        const start = performance.now();
        const cleanup = await fn(out);
        const ms = performance.now() - start;
        await cleanup();
        if (run >= 0) times[name].push(ms); // runs -3..-1 are warm-ups (the first exports of a process run cold)
      }
    }
    rows.push({ keys: size, latchkeyMs: median(times.latchkey), floorMs: median(times.floor), nodeVaultMs: median(times.withNodeVault), floorDurableMs: median(times.floorDurable), runs });
  }
  return { rows, services, outDir };
}

/**
 * Where an in-process export of `size` keys spends its time, following createExport(): the TTL profile
 * load; the backend read, which runs alongside prepare (real path, link checks, git guard); serialize and
 * sha256; then the recorded write (intent in the ledger ‖ audit entries prepared, then the temp file, then
 * rename ‖ audit lines written, then the record settled; see electron/exports/recorded-write.ts). Measured
 * inside real create() calls: the profile load and read through the service's context, the recorded write
 * from its first step (the intent's ledger update) to create() returning. prepare and serialize
 * are plain imported functions, so they are timed on their own on the same data. fsyncs made by create()
 * are counted. The revoke after each create() is not measured.
 */
export async function exportBreakdown(services: Services, outDir: string, size: number, runs: number): Promise<{ stages: Array<[string, number]>; fsyncs: number }> {
  const ref = refFor(size);
  const out = path.join(outDir, `breakdown-${size}.env`);
  let current: Record<string, number> | null = null;
  let recordedWriteStart: number | null = null;
  const wrap = <O extends object>(obj: O, method: keyof O & string, label: string) => {
    const original = (obj[method] as (...args: unknown[]) => Promise<unknown>).bind(obj);
    (obj as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const start = performance.now();
      try {
        return await original(...args);
      } finally {
        if (current) current[label] = (current[label] ?? 0) + performance.now() - start;
      }
    };
  };
  const READ = 'read: profile + adapter KV read + key scoping (alongside prepare)';
  const PROFILE = 'TTL: profile load';
  // The service keeps its context private; the bench reaches in to time the stages create() goes through.
  const ctx = (services.exports as unknown as { ctx: ExportContext }).ctx;
  wrap(ctx, 'read', READ);
  wrap(ctx, 'profileEnv', PROFILE);
  const ledger = ctx.ledger;
  const update = ledger.update.bind(ledger);
  ledger.update = ((...args: Parameters<typeof update>) => {
    if (current && recordedWriteStart === null) recordedWriteStart = performance.now();
    return update(...args);
  }) as typeof ledger.update;
  // Count fsyncs (file and directory) made by create(): every durable write costs one or two.
  const probe = await fs.open(outDir, 'r');
  const proto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  const realSync = proto.sync;
  let fsyncs = 0;
  proto.sync = function (this: unknown) {
    if (current) fsyncs++;
    return realSync.call(this);
  };
  const perRun: Array<Record<string, number>> = [];
  try {
    for (let i = -2; i < runs; i++) {
      const stages: Record<string, number> = {};
      current = stages;
      recordedWriteStart = null;
      if (i === 0) fsyncs = 0;
      const start = performance.now();
      const created = await services.exports.create({ ref, path: out, format: 'dotenv', ttl: '15m' });
      const end = performance.now();
      stages.total = end - start;
      stages.recorded = recordedWriteStart === null ? Number.NaN : end - recordedWriteStart;
      current = null;
      await services.exports.revoke(created.export.id);
      if (i >= 0) perRun.push(stages);
    }
  } finally {
    proto.sync = realSync;
    ledger.update = update;
    current = null;
  }
  const at = (label: string) => median(perRun.map((s) => s[label] ?? 0));
  const rows: Array<[string, number]> = [
    ['whole create() (this series)', at('total')],
    [PROFILE, at(PROFILE)],
    [READ, at(READ)],
    ['recorded write: intent ‖ audit prep, then temp, then rename ‖ audit lines, then settle', at('recorded')],
    ['rest: prepare beyond the read, serialize, sha256, record and audit entries built', median(perRun.map((s) => (s.total ?? 0) - (s[PROFILE] ?? 0) - (s[READ] ?? 0) - (s.recorded ?? 0)))],
  ];

  // The two stages create() calls as plain functions, timed on their own on the same target and values.
  const values = (await ctx.read(ref, undefined)).values;
  const alone: Array<[string, () => Promise<unknown>]> = [
    ['alone: prepare (real path + link checks + git guard)', () => prepareTarget({ requested: out, kind: 'file', dataDir: services.config.dataDir })],
    ['alone: serialize (dotenv) + sha256', async () => sha256(serializerFor('dotenv').serialize(values, { ref, keys: size, expiresAt: new Date().toISOString() }))],
  ];
  for (const [name, fn] of alone) {
    const ms: number[] = [];
    for (let i = -1; i < runs; i++) {
      const start = performance.now();
      await fn();
      if (i >= 0) ms.push(performance.now() - start);
    }
    rows.push([name, median(ms)]);
  }
  return { stages: rows, fsyncs: fsyncs / runs };
}
