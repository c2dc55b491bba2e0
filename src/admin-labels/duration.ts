/**
 * A duration in seconds as staff read it on a timeline: "1:02:05" from an hour, "2:05" below.
 * Decimals come as text from PostgreSQL, so text is read too; null when there is no duration.
 */
export const formatDuration = (seconds: number | string | null | undefined): string | null => {
  if (seconds === null || seconds === undefined || seconds === '') return null;
  const value = Number(seconds);
  if (!Number.isFinite(value) || value < 0) return null;
  const whole = Math.round(value);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
};
