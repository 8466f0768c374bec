export type Messages = Record<string, { zh: string; en: string }>;
