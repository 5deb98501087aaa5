import { formatTime } from '../../format';

// The results table shows the same UTC time as everywhere else; the title keeps the full instant.
export function tableTime(iso: string): string {
  return formatTime(iso);
}
