import { scanDocs, scanMarkdown } from '@faultline/dashboards';
import { generatedDashboards, unresolvedReferences } from './dashboards';
import { DOCS_DIR } from './repo';

const dashboards = generatedDashboards();
const { references } = scanDocs(DOCS_DIR);

describe('the dashboards and panels docs/ names', () => {
  it('are read from every generated dashboard', () => {
    expect(dashboards.map((dashboard) => dashboard.title).sort()).toEqual([
      'Checkout dependencies',
      'Deployments',
      'Instructor',
      'Load',
      'SLO and error budget',
      'Service RED',
      'Shop overview',
    ]);
  });

  it('are many, and include panels of the dashboards the tutorial walks through', () => {
    const tutorial = references.filter((reference) => reference.file === 'tutorial/README.md');
    expect([...new Set(tutorial.map((reference) => reference.dashboard))]).toEqual(
      expect.arrayContaining([
        'Shop overview',
        'Service RED',
        'Checkout dependencies',
        'SLO and error budget',
      ]),
    );
    expect(tutorial.filter((reference) => reference.panel !== undefined).length).toBeGreaterThan(
      20,
    );
  });

  it('all exist: each dashboard by its title, each panel in its dashboard', () => {
    expect(unresolvedReferences(references, dashboards)).toEqual([]);
  });

  it('are checked: a misspelt dashboard or a panel of another dashboard is reported', () => {
    const { references: wrong } = scanMarkdown(
      'x.md',
      'See **Shop overveiw › Orders per minute**, **Service RED › Pending orders** and the **Loads** dashboard.\n',
    );
    expect(unresolvedReferences(wrong, dashboards)).toEqual([
      'x.md:1 **Shop overveiw › Orders per minute**: no dashboard titled "Shop overveiw"',
      'x.md:1 **Service RED › Pending orders**: Service RED has no panel titled "Pending orders"',
      'x.md:1 **Loads**: no dashboard titled "Loads"',
    ]);
  });
});
