import { defineError } from '../errors.js';

/** Errors of destination settings. `details.field` names the key (`config.url`, `secret.routingKey`, `kind`). */
export const destinationErrors = {
  destinationInvalid: defineError({ code: 'destination.invalid', statusCode: 400, message: 'The destination settings are not valid' }),
};
