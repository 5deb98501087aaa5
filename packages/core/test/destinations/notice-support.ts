import type { AlertNotice } from '../../src/index.js';

/** A notice as the delivery loop would build it for an open high-severity alert; override what a test is about. */
export function sampleNotice(overrides: { alert?: Partial<AlertNotice['alert']>; rule?: Partial<AlertNotice['rule']> } & Partial<Omit<AlertNotice, 'alert' | 'rule'>> = {}): AlertNotice {
  const { alert, rule, ...rest } = overrides;
  return {
    deliveryId: 'dlv_01J9ZC6Q0000000000000000',
    test: false,
    tenant: { id: '6f1c2a8e-0000-4000-8000-000000000001', name: 'Acme Corp' },
    events: [
      { id: 'ev1', time: '2024-05-01T10:00:00.000Z', type: 'user.login', code: 'T1000I', user: 'alice', summary: 'local login without MFA' },
    ],
    ...rest,
    alert: {
      id: '0b9d7f52-0000-4000-8000-0000000000aa',
      status: 'open',
      severity: 'high',
      groupKey: 'user=alice',
      group: { user: 'alice' },
      firstSeen: '2024-05-01T10:00:00.000Z',
      lastSeen: '2024-05-01T10:05:00.000Z',
      count: 3,
      url: 'https://audit.example.com/alerts/0b9d7f52',
      ...alert,
    },
    rule: {
      id: 'local-login-without-mfa',
      version: 2,
      title: 'Local login without MFA',
      description: 'A local user signed in without a second factor.',
      mitre: ['T1078.003'],
      runbook: 'https://wiki.example.com/runbooks/mfa',
      ...rule,
    },
  };
}
