/**
 * A JSON.parse reviver for stored rule state (RuleState, JoinKeyState, group states): the only value
 * that is not plain JSON is a waiting join event's `receivedAt`, a Date in the normalized event.
 */
export const reviveRuleState = (key: string, value: unknown): unknown =>
  key === 'receivedAt' && typeof value === 'string' ? new Date(value) : value;
