// The only calls the rules pages make (apps/api/src/modules/detections/rules*.routes.ts).
import { api } from './client';
import type { BacktestResult, ImportResult, RuleCheck, RuleDetail, RuleSummary, RuleVersionSummary } from './detections-types';
import { requestText, requestTextJson } from './text-request';

const path = (id: string) => `/v1/rules/${encodeURIComponent(id)}`;
const YAML = 'application/yaml';

/** The version an ETag names (`"3"` → 3). */
export const versionOfEtag = (etag: string | null): number | null => {
  const m = etag ? /(\d+)/.exec(etag) : null;
  return m ? Number(m[1]) : null;
};

export type RuleFile = { yaml: string; version: number | null };
export type SavedRule = { detail: RuleDetail; version: number; created: boolean };

export const rulesApi = {
  list: (signal?: AbortSignal) => api.get<{ data: RuleSummary[] }>('/v1/rules', undefined, signal),
  get: (id: string, signal?: AbortSignal) => api.get<RuleDetail>(path(id), undefined, signal),
  /** The rule as its YAML file, with the version it is (the ETag), for If-Match on save. */
  yaml: async (id: string, signal?: AbortSignal): Promise<RuleFile> => {
    const answer = await requestText('GET', path(id), { query: { format: 'yaml' }, accept: YAML, ...(signal ? { signal } : {}) });
    return { yaml: answer.text, version: versionOfEtag(answer.etag) };
  },
  setEnabled: (id: string, enabled: boolean) => api.patch<RuleDetail>(path(id), { enabled }),
  /** Creates or replaces; `fromVersion` refuses the save (409) when someone saved another version meanwhile. */
  save: async (id: string, yaml: string, fromVersion: number | null): Promise<SavedRule> => {
    const answer = await requestTextJson<RuleDetail>('PUT', path(id), { body: yaml, contentType: YAML, headers: fromVersion ? { 'if-match': `"${fromVersion}"` } : {} });
    return { detail: answer.data, version: versionOfEtag(answer.etag) ?? Number(answer.data.rule.version ?? 0), created: answer.status === 201 };
  },
  remove: (id: string) => api.del<void>(path(id)),
  check: async (yaml: string) => (await requestTextJson<RuleCheck>('POST', '/v1/rules/test', { body: yaml, contentType: YAML })).data,
  versions: (id: string, signal?: AbortSignal) => api.get<{ data: RuleVersionSummary[] }>(`${path(id)}/versions`, undefined, signal),
  versionYaml: async (id: string, version: number, signal?: AbortSignal) =>
    (await requestText('GET', `${path(id)}/versions/${version}`, { query: { format: 'yaml' }, accept: YAML, ...(signal ? { signal } : {}) })).text,
  backtest: (body: { rule: string; from?: string; to?: string; limit?: number }) => api.post<BacktestResult>('/v1/rules/backtest', body),
  importRules: async (text: string, format: 'yaml' | 'sigma') =>
    (await requestTextJson<ImportResult>('POST', '/v1/rules/import', { query: { format }, body: text, contentType: YAML })).data,
  installBuiltins: () => api.post<{ installed: number }>('/v1/rules/builtin/install'),
  /** A link that downloads every rule (the API answers with an attachment). */
  exportHref: (format: 'yaml' | 'sigma') => `/v1/rules/export?format=${format}`,
};
