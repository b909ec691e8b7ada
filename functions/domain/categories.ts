import taxonomyConfiguration from '../config/categories.json' with { type: 'json' };
import type { Locale } from './directory';

export interface Category {
  id: string;
  name: Record<Locale, string>;
}

/** One of the four national classes of emergency incidents, with its categories. */
export interface IncidentClass {
  id: 'natural-disaster' | 'accident' | 'public-health' | 'social-security';
  name: Record<Locale, string>;
  categories: Category[];
}

export interface Taxonomy {
  classes: IncidentClass[];
}

/** The taxonomy shipped in `functions/config/categories.json`. */
export const defaultTaxonomy: Taxonomy = taxonomyConfiguration as Taxonomy;

/** The category with that ID and the class it belongs to, or undefined. */
export function findCategory(
  taxonomy: Taxonomy,
  categoryId: string,
): { incidentClass: IncidentClass; category: Category } | undefined {
  for (const incidentClass of taxonomy.classes) {
    const category = incidentClass.categories.find((candidate) => candidate.id === categoryId);
    if (category) return { incidentClass, category };
  }
  return undefined;
}
