import { Button } from '../../components/ui';
import { exportHref, type SearchParams } from './search-api';

/**
 * Downloads of every match (GET /v1/events/export): plain links under the hood, so the browser streams the
 * file with the session cookie, but presented as buttons since they act rather than navigate.
 */
export function ExportButtons({ params }: { params: SearchParams }) {
  const download = (format: 'csv' | 'ndjson') => {
    const a = document.createElement('a');
    a.href = exportHref(params, format);
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <>
      <Button onClick={() => download('csv')} title="Every match as CSV (chosen columns)">Export CSV</Button>
      <Button onClick={() => download('ndjson')} title="Every match as NDJSON (the raw events)">Export NDJSON</Button>
    </>
  );
}
