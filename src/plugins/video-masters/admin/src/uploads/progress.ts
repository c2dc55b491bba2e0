/** Transfer speed and time left, from samples of (time, bytes sent) over the last few seconds. */
export interface Sample {
  at: number;
  bytes: number;
}

const WINDOW_MS = 5000;

/** Keeps the samples of the last five seconds (and at least two). */
export const addSample = (samples: Sample[], sample: Sample): Sample[] => {
  const kept = [...samples, sample].filter((item) => item.at >= sample.at - WINDOW_MS);
  return kept.length >= 2 ? kept : [...samples.slice(-1), sample];
};

/** Bytes per second over the samples, or null until there is enough to tell. */
export const rateOf = (samples: Sample[]): number | null => {
  if (samples.length < 2) return null;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const elapsed = last.at - first.at;
  if (elapsed < 500) return null;
  return ((last.bytes - first.bytes) * 1000) / elapsed;
};

/** Seconds left at `rate`, or null when it cannot be told. */
export const secondsLeft = (sent: number, total: number, rate: number | null): number | null =>
  rate && rate > 0 ? Math.max(0, Math.round((total - sent) / rate)) : null;

/** "850 MB", "1.2 GB" in English, "850 Mo", "1,2 Go" in French: decimal units, as file managers show sizes. */
export const formatBytes = (bytes: number, locale: string): string => {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    // "512 bytes", "512 octets"; "850 MB", "850 Mo".
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
};

/** "1 h 05 min", "4 min 10 s", "35 s". */
export const formatDuration = (seconds: number): string => {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
};
