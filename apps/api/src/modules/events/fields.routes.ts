import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { QUERY_FIELDS } from '@tai/core';
import { GROUPINGS } from '@tai/db';
import { Type } from 'typebox';
import { errorResponses } from '../shared.schemas.js';

const Field = Type.Object({
  name: Type.String(),
  aliases: Type.Array(Type.String()),
  type: Type.String(),
  description: Type.String(),
  /** usable as `group_by` of the histogram and in `fields` of the facets */
  groupable: Type.Boolean(),
});

const GROUPABLE = new Set<string>(Object.keys(GROUPINGS));

/** The query language's fields, so clients (the dashboard's completion among them) need no copy of the list. */
export const fieldsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const data = QUERY_FIELDS.map((field) => ({
    name: field.name,
    aliases: [...(field.aliases ?? [])],
    type: field.type,
    description: field.description,
    groupable: GROUPABLE.has(field.name) || (field.aliases ?? []).some((alias) => GROUPABLE.has(alias)),
  }));
  app.get('/v1/search/fields', {
    config: { minRole: 'reader' },
    schema: { tags: ['events'], summary: 'The fields of the search language, with aliases and descriptions', response: { 200: Type.Object({ data: Type.Array(Field) }), ...errorResponses(400, 401, 503) } },
  }, async () => ({ data }));
};
