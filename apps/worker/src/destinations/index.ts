export { sendNotice, type SendNoticeOptions } from './send-notice.js';
export { type AttemptResult } from './attempt-result.js';
