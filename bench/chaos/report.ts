import { contractViolations, passed, type Answers, type Tally } from './tally.js';

export type GroupResult = { sender: string; tally: Tally };
export type ScenarioResult = {
  id: string;
  title: string;
  groups: GroupResult[];
  /** what the fault did and how long recovery took, one line each */
  notes: string[];
  /** processes that died without being told to, or a step that failed: the scenario fails */
  problems: string[];
  seconds: number;
};

export const scenarioPassed = (s: ScenarioResult): boolean => s.problems.length === 0 && s.groups.every((g) => passed(g.tally));

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** "200: 1990, 503: 12, ECONNREFUSED: 40", 200 first, then by count. */
export function formatAnswers(answers: Answers): string {
  return Object.entries(answers)
    .sort(([a, x], [b, y]) => (a === '200' ? -1 : b === '200' ? 1 : y - x || a.localeCompare(b)))
    .map(([label, n]) => `${label}: ${n}`)
    .join(', ') || '-';
}

export function formatScenario(s: ScenarioResult): string {
  const lines = [
    `(${s.id}) ${s.title}: ${scenarioPassed(s) ? 'PASS' : 'FAIL'} (${seconds(s.seconds * 1000)})`,
    ...s.notes.map((n) => `    ${n}`),
    ...s.problems.map((p) => `    PROBLEM: ${p}`),
    '',
    '| sender | sent | accepted (200) | never accepted | stored rows | distinct uids | lost | duplicated | longest wait | answers |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const { sender, tally: t } of s.groups) {
    const violations = contractViolations(t.answers);
    lines.push(`| ${sender} | ${t.sent} | ${t.accepted} | ${t.neverAccepted} | ${t.storedRows} | ${t.storedDistinct} | ${t.lost} | ${t.duplicated}`
      + ` | ${seconds(t.longestWaitMs)} | ${formatAnswers(t.answers)}${violations.length ? ` (contract broken: ${violations.join(', ')})` : ''} |`);
    if (t.storedUnanswered > 0) lines.push(`    ${sender}: ${t.storedUnanswered} stored though never answered 200 (the sender still holds them)`);
    if (t.unexpectedRows > 0) lines.push(`    ${sender}: ${t.unexpectedRows} rows with uids no sender sent`);
  }
  return lines.join('\n');
}

export function formatSummary(results: readonly ScenarioResult[]): string {
  const lines = [
    '| scenario | events | lost | duplicated | never accepted | longest wait | answers other than 200 | result |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const s of results) {
    const sum = (pick: (t: Tally) => number) => s.groups.reduce((n, g) => n + pick(g.tally), 0);
    const others: Record<string, number> = {};
    for (const g of s.groups) for (const [label, n] of Object.entries(g.tally.answers)) if (label !== '200') others[label] = (others[label] ?? 0) + n;
    const longest = Math.max(0, ...s.groups.map((g) => g.tally.longestWaitMs));
    lines.push(`| (${s.id}) ${s.title} | ${sum((t) => t.sent)} | ${sum((t) => t.lost)} | ${sum((t) => t.duplicated)} | ${sum((t) => t.neverAccepted)}`
      + ` | ${seconds(longest)} | ${formatAnswers(others)} | ${scenarioPassed(s) ? 'PASS' : 'FAIL'} |`);
  }
  return lines.join('\n');
}
