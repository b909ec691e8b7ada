import { defaultTaxonomy, type Taxonomy } from '../domain/categories';
import { SEVERITIES, SEVERITY_NAMES } from '../domain/incident';
import { json } from '../shared/http';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

/** `GET /categories` — the four national classes with their categories, and the severities. */
export function makeHandler(deps: { taxonomy: Taxonomy }) {
  return httpEndpoint(
    rolesFor('GET /categories'),
    async () =>
      json(200, {
        classes: deps.taxonomy.classes,
        severities: SEVERITIES.map((id) => ({ id, name: SEVERITY_NAMES[id] })),
      }),
    { jsonBody: false },
  );
}

export const handler = makeHandler({ taxonomy: defaultTaxonomy });
