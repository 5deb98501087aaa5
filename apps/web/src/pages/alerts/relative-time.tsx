import { formatRelative, formatTime } from '../../format';

/** "5 min ago", with the exact UTC time on hover, and read out with it. */
export function RelativeTime({ value }: { value: string }) {
  return (
    <time dateTime={value} title={`${formatTime(value)} UTC`}>
      {formatRelative(value)}<span className="visually-hidden"> ({formatTime(value)} UTC)</span>
    </time>
  );
}
