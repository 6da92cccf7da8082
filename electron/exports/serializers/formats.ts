/** The export formats by name (apart from the serializers, which load zod: the thin CLI checks names only). */
export const EXPORT_FORMATS = ['dotenv', 'json', 'shell', 'docker'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const DEFAULT_EXPORT_FORMAT: ExportFormat = 'dotenv';
