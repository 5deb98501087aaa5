// The results table shows times compactly (month, day, time to the millisecond); the title keeps the full UTC instant.
const dayTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

export function tableTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${dayTime.format(d)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
