// Business dates in Asia/Shanghai (UTC+8 all year, no daylight saving since 1991): an "epoch day" is
// the number of Shanghai calendar days since 1970-01-01, which makes date arithmetic integer maths.
export const DAY_MS = 86_400_000;
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Shanghai epoch day of an instant. */
export function epochDayOf(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The instant a Shanghai epoch day starts (00:00 +08:00). */
export function dayStartMs(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** 'YYYY-MM-DD' → epoch day. */
export function epochDayOfDate(date: string): number {
  return Math.floor(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS,
  );
}

/** Epoch day → 'YYYY-MM-DD'. */
export function dateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Epoch day → { y, m (1–12), d, dow (0 = Sunday) }. */
export function partsOfEpochDay(day: number): { y: number; m: number; d: number; dow: number } {
  const date = new Date(day * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), dow: date.getUTCDay() };
}

/** Orders per day follow the shopping calendar: slow growth, weekends, 618, Mid-Autumn, 双11, 双12, Spring Festival. */
export function demandWeight(day: number, index: number, days: number): number {
  const { m, d, dow } = partsOfEpochDay(day);
  let w = 1 + (0.9 * index) / Math.max(1, days - 1);
  if (dow === 0 || dow === 6) w *= 1.15;
  if (m === 11 && d <= 11) w *= 1.2 + d / 11 + (d === 11 ? 1.5 : 0);
  if (m === 12 && d === 12) w *= 1.8;
  if (m === 6 && d <= 18) w *= 1.1 + (d === 18 ? 1 : d / 60);
  if (m === 9 && d >= 8 && d <= 28) w *= 1.35; // Mid-Autumn gift boxes
  if ((m === 1 && d >= 8) || (m === 2 && d <= 6)) w *= 1.6; // New-Year goods for the Spring Festival
  if (m === 2 && d > 6 && d <= 16) w *= 0.6; // the holiday itself: logistics pause
  return w;
}

/** Relative orders per hour of day (Shanghai): quiet nights, a morning, lunch and evening peak. */
export const HOUR_WEIGHTS = [
  0.3, 0.15, 0.08, 0.05, 0.05, 0.1, 0.3, 0.7, 1.1, 1.4, 1.5, 1.4, 1.3, 1.1, 1.1, 1.2, 1.2, 1.1, 1.0, 1.3, 1.7,
  1.9, 1.6, 0.9,
];
