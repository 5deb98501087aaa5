// Per-source figures for the list: GET /v1/sources carries no health, so each row's health is a call of its own.
import type { SparklinePoint } from '../../components/sparkline';
import { sourcesApi, type Histogram, type Source, type SourceHealth } from './sources-api';

export type SourceStats = { health: SourceHealth | null; failedObjects: number | null; failedMore: boolean; hourly: SparklinePoint[] | null; error: unknown };

const OTHER = 'other';

const seriesOf = (histogram: Histogram, key: string | null): SparklinePoint[] =>
  histogram.buckets.map((b) => ({ at: b.start, count: key === null ? b.total : b.counts[key] ?? 0 }));

/** Failed and missing objects both need someone to look (and can be retried); a page of 100 is enough to say "100+". */
export async function failedObjectCount(id: string, signal: AbortSignal): Promise<{ count: number; more: boolean }> {
  const [failed, missing] = await Promise.all([
    sourcesApi.objects(id, { status: 'failed', limit: 100 }, signal),
    sourcesApi.objects(id, { status: 'missing', limit: 100 }, signal),
  ]);
  return { count: failed.data.length + missing.data.length, more: Boolean(failed.nextCursor || missing.nextCursor) };
}

export async function loadSourceStats(sources: Source[], signal: AbortSignal): Promise<Map<string, SourceStats>> {
  // One histogram for all sources from the hourly rollups; sources beyond its top 50 are asked for alone.
  const histogram = await sourcesApi.hourlyBySource(signal).catch(() => null);
  const ranked = new Set(histogram?.groups.map((g) => g.key));
  const hasOther = ranked.has(OTHER);

  const entries = await Promise.all(sources.map(async (source): Promise<[string, SourceStats]> => {
    try {
      const [detail, failed, hourly] = await Promise.all([
        sourcesApi.get(source.id, signal),
        source.type === 'teleport_s3' ? failedObjectCount(source.id, signal) : Promise.resolve(null),
        histogram && (ranked.has(source.id) || !hasOther)
          ? Promise.resolve(seriesOf(histogram, source.id))
          : sourcesApi.hourlyForSource(source.id, signal).then((h) => seriesOf(h, null), () => null),
      ]);
      return [source.id, { health: detail.health, failedObjects: failed?.count ?? null, failedMore: failed?.more ?? false, hourly, error: null }];
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      return [source.id, { health: null, failedObjects: null, failedMore: false, hourly: null, error }];
    }
  }));
  return new Map(entries);
}
