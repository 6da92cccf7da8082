import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface AppUrlPolicy {
  /** The URL the window loads. */
  readonly entryUrl: string;
  /** Whether a document URL is our renderer page (navigation targets, IPC senders). */
  isAppDocument(url: string): boolean;
  /** Whether the renderer may fetch this URL at all (scripts, styles, images of our own build). */
  isAllowedRequest(url: string): boolean;
}

export interface AppUrlConfig {
  /** Absolute path of dist/renderer/index.html. */
  rendererIndex: string;
  /** Set only in development; a packaged app never honours it. */
  devServerUrl?: string | undefined;
}

/**
 * Decides which URLs are "us". Pure (no Electron) so the rules are unit-tested directly; window.ts and
 * ipc.ts apply them. Anything that fails to parse is not us.
 */
export function createAppUrlPolicy(config: AppUrlConfig): AppUrlPolicy {
  return config.devServerUrl ? devPolicy(config.devServerUrl) : filePolicy(config.rendererIndex);
}

function filePolicy(rendererIndex: string): AppUrlPolicy {
  const indexPath = path.resolve(rendererIndex);
  const rendererDir = path.dirname(indexPath);
  const entryUrl = pathToFileURL(indexPath).href;
  return {
    entryUrl,
    isAppDocument: (url) => {
      const file = filePathOf(url);
      return file !== null && samePath(file, indexPath);
    },
    isAllowedRequest: (url) => {
      if (url.startsWith('data:')) return true; // inline images only; CSP limits data: to img-src
      const file = filePathOf(url);
      return file !== null && isInside(file, rendererDir);
    },
  };
}

function devPolicy(devServerUrl: string): AppUrlPolicy {
  const dev = new URL(devServerUrl);
  const wsProtocol = dev.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    entryUrl: dev.href,
    isAppDocument: (url) => sameOrigin(url, dev.protocol, dev.host),
    isAllowedRequest: (url) =>
      url.startsWith('data:') || sameOrigin(url, dev.protocol, dev.host) || sameOrigin(url, wsProtocol, dev.host),
  };
}

function sameOrigin(url: string, protocol: string, host: string): boolean {
  const parsed = tryParse(url);
  return parsed !== null && parsed.protocol === protocol && parsed.host === host && parsed.username === '' && parsed.password === '';
}

/** The local path of a file:// URL without a remote host, or null. `..` and `%2e%2e` are resolved by the URL parser. */
function filePathOf(url: string): string | null {
  const parsed = tryParse(url);
  if (parsed === null || parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return null;
  try {
    return path.resolve(fileURLToPath(parsed));
  } catch {
    return null; // e.g. an encoded path separator
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function tryParse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
