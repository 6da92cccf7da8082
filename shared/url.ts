/**
 * The WHATWG URL parser exists in Node and in every browser, but shared/ is type-checked without either
 * runtime's types (tsconfig.shared.json), so it names the part of URL it uses.
 */
export interface ParsedUrl {
  readonly protocol: string;
  readonly hostname: string;
  readonly host: string;
  readonly username: string;
  readonly password: string;
}

const WhatwgUrl = (globalThis as unknown as { URL: { new (url: string): ParsedUrl; canParse(url: string): boolean } }).URL;

/** The parsed URL, or null when it is not one. */
export function parseUrl(url: string): ParsedUrl | null {
  return WhatwgUrl.canParse(url) ? new WhatwgUrl(url) : null;
}
