import { defaultTaxonomy, findCategory, type Taxonomy } from '../../functions/domain/categories';
import { defaultPolicy } from '../../functions/domain/policy';

describe('the taxonomy of incident classes and categories (functions/config/categories.json)', () => {
  it('R-INTAKE: a category is found with the class it belongs to, in whichever class it is', () => {
    // Act
    const first = findCategory(defaultTaxonomy, 'flood');
    const later = findCategory(defaultTaxonomy, 'food-safety');
    // Assess
    expect(first?.incidentClass.id).toBe('natural-disaster');
    expect(first?.category.id).toBe('flood');
    expect(later?.incidentClass.id).toBe('public-health');
    expect(later?.category).toBe(
      defaultTaxonomy.classes
        .find((incidentClass) => incidentClass.id === 'public-health')!
        .categories.find((category) => category.id === 'food-safety'),
    );
  });

  it("R-INTAKE: an unknown category, or a class's ID, is no category", () => {
    // Prepare
    const empty: Taxonomy = { classes: [] };
    // Act, Assess
    expect(findCategory(defaultTaxonomy, 'volcano')).toBeUndefined();
    expect(findCategory(defaultTaxonomy, 'accident')).toBeUndefined();
    expect(findCategory(empty, 'flood')).toBeUndefined();
  });

  it('R-HORIZONTAL: every category the routing names is in the taxonomy', () => {
    // Act, Assess
    for (const categoryId of Object.keys(defaultPolicy.routing.horizontal.departmentsByCategory))
      expect(findCategory(defaultTaxonomy, categoryId)).toBeDefined();
  });
});
