import { createHash } from 'node:crypto';
import { findConfig, findProject, type SimConfig, type SimProject, type SimState } from './model';

/** One secret as the API shows it: raw (with references) and computed (references resolved). */
export interface ComputedSecret {
  raw: string;
  computed: string;
  note: string;
  visibility: 'masked' | 'unmasked' | 'restricted';
}

const REF = /\$\{([A-Za-z0-9_.-]+)\}/g;

/**
 * Resolves `${KEY}` (same config), `${config.KEY}` (same project) and `${project.config.KEY}` (cross-project),
 * recursively. A missing or cyclic reference resolves to '' (the real API refuses to save those).
 */
export function computeValue(state: SimState, project: SimProject, config: SimConfig, raw: string, seen = new Set<string>()): string {
  return raw.replace(REF, (_match, ref: string) => {
    const parts = ref.split('.');
    const [p, c, key] =
      parts.length === 1 ? [project, config, parts[0]] : parts.length === 2 ? [project, findConfig(project, parts[0]!), parts[1]] : [findProject(state, parts[0]!), undefined, parts[2]];
    const targetProject = p;
    const targetConfig = parts.length === 3 && targetProject ? findConfig(targetProject, parts[1]!) : c;
    if (!targetProject || !targetConfig || key === undefined) return '';
    const id = `${targetProject.slug}.${targetConfig.name}.${key}`;
    const target = targetConfig.secrets.get(key);
    if (!target || seen.has(id)) return '';
    return computeValue(state, targetProject, targetConfig, target.raw, new Set([...seen, id]));
  });
}

/** The config's secrets plus Doppler's managed DOPPLER_* ones, sorted by name like the API. */
export function configSecrets(state: SimState, project: SimProject, config: SimConfig, includeManaged = true): Map<string, ComputedSecret> {
  const out = new Map<string, ComputedSecret>();
  for (const [key, s] of config.secrets) out.set(key, { raw: s.raw, computed: computeValue(state, project, config, s.raw, new Set([`${project.slug}.${config.name}.${key}`])), note: s.note, visibility: s.visibility });
  if (includeManaged) {
    const managed = { DOPPLER_CONFIG: config.name, DOPPLER_ENVIRONMENT: config.environment, DOPPLER_PROJECT: project.slug };
    for (const [key, value] of Object.entries(managed)) out.set(key, { raw: value, computed: value, note: '', visibility: 'unmasked' });
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The per-secret object of `GET /v3/configs/config/secrets`. */
export function secretObject(s: ComputedSecret) {
  return {
    raw: s.raw,
    computed: s.computed,
    note: s.note,
    rawVisibility: s.visibility,
    computedVisibility: s.visibility,
    rawValueType: { type: 'string' },
    computedValueType: { type: 'string' },
  };
}

export const NAME_TRANSFORMERS = ['camel', 'upper-camel', 'lower-snake', 'lower-kebab', 'tf-var', 'dotnet', 'dotnet-env'] as const;
export const DOWNLOAD_FORMATS = ['json', 'env', 'env-no-quotes', 'docker', 'yaml', 'dotnet-json'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

const cap = (w: string) => (w ? w[0]!.toUpperCase() + w.slice(1) : w);
const words = (name: string) => name.toLowerCase().split('_').filter(Boolean);

/**
 * Only names change, never values. camel, upper-camel, lower-snake, lower-kebab and tf-var are confirmed by the CLI e2e tests;
 * dotnet (`A__B_C` → `A.BC`) and dotnet-env (`A__B_C` → `A__BC`) are UNVERIFIED guesses.
 */
export function transformName(name: string, transformer: string): string {
  switch (transformer) {
    case 'camel': {
      const [first = '', ...rest] = words(name);
      return first + rest.map(cap).join('');
    }
    case 'upper-camel':
      return words(name).map(cap).join('');
    case 'lower-snake':
      return words(name).join('_');
    case 'lower-kebab':
      return words(name).join('-');
    case 'tf-var':
      return `TF_VAR_${words(name).join('_')}`;
    case 'dotnet':
      return name.split('__').map((part) => words(part).map(cap).join('')).join('.');
    case 'dotnet-env':
      return name.split('__').map((part) => words(part).map(cap).join('')).join('__');
    default:
      return name;
  }
}

/** `format=env` quoting: backslash, double quote and newline escaped (escaping rules UNVERIFIED). */
const quoteEnv = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const yamlValue = (v: string) => (/^[A-Za-z0-9_./@:+-]+$/.test(v) && !/^(true|false|null|yes|no|~|[0-9.+-]+)$/i.test(v) ? v : JSON.stringify(v));

/** Body and content type of a download in one format. */
export function renderDownload(values: Record<string, string>, format: DownloadFormat): { body: string; contentType: string } {
  const entries = Object.entries(values);
  switch (format) {
    case 'json':
      return { body: JSON.stringify(values), contentType: 'application/json; charset=utf-8' };
    case 'dotnet-json': {
      // `A__B` nests: {"A":{"B":…}} (UNVERIFIED mapping; keys keep the transformed names).
      const root: Record<string, unknown> = {};
      for (const [key, value] of entries) {
        const path = key.split('__');
        let node = root;
        for (const part of path.slice(0, -1)) node = (node[part] = typeof node[part] === 'object' ? node[part] : {}) as Record<string, unknown>;
        node[path[path.length - 1]!] = value;
      }
      return { body: JSON.stringify(root), contentType: 'application/json; charset=utf-8' };
    }
    case 'env':
      return { body: entries.map(([k, v]) => `${k}=${quoteEnv(v)}`).join('\n'), contentType: 'text/plain; charset=utf-8' };
    case 'env-no-quotes':
    case 'docker':
      return { body: entries.map(([k, v]) => `${k}=${v.replace(/\n/g, '\\n')}`).join('\n'), contentType: 'text/plain; charset=utf-8' };
    case 'yaml':
      return { body: `${entries.map(([k, v]) => `${k}: ${yamlValue(v)}`).join('\n')}\n`, contentType: 'text/plain; charset=utf-8' };
  }
}

/** A strong ETag over the exact body: changes whenever any served byte changes. */
export const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
