import { parseDocker, serializeDocker } from './docker';
import { parseDotenv, serializeDotenv } from './dotenv';
import { parseJson, serializeJson } from './json';
import { parseShell, serializeShell } from './shell';
import { ExportFormat } from '../../../shared/contract';
import type { EnvValues, ExportHeader } from './common';

export type { EnvValues, ExportHeader } from './common';

/** The formats are the contract's (one list for the app, the CLI and the ledger). */
export const EXPORT_FORMATS = ExportFormat.options;
export type { ExportFormat } from '../../../shared/contract';
export const DEFAULT_EXPORT_FORMAT: ExportFormat = 'dotenv';

export interface Serializer {
  format: ExportFormat;
  /** Throws AppError BAD_REQUEST naming the key (never the value) when a value cannot be held exactly. */
  serialize(values: EnvValues, header?: ExportHeader): string;
  parse(text: string): EnvValues;
}

const SERIALIZERS: Record<ExportFormat, Serializer> = {
  dotenv: { format: 'dotenv', serialize: serializeDotenv, parse: parseDotenv },
  json: { format: 'json', serialize: (values) => serializeJson(values), parse: parseJson },
  shell: { format: 'shell', serialize: serializeShell, parse: parseShell },
  docker: { format: 'docker', serialize: serializeDocker, parse: parseDocker },
};

export function serializerFor(format: ExportFormat): Serializer {
  return SERIALIZERS[format];
}
