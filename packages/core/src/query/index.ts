export { MAX_QUERY_LENGTH, parseQuery, QuerySyntaxError, type Comparison, type QueryNode } from './query-syntax.js';
export { likeEscape, QUERY_FIELDS, resolveQuery, type Condition, type FieldSpec, type FieldType, type Match } from './query-fields.js';
export { parseInstant, resolveTimeRange, type TimeRange } from './time-range.js';
export { cidrRange } from './cidr-range.js';
