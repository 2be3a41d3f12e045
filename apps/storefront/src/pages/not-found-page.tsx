import { usePageTitle } from '../components/page-title';
import { Link } from '../routing/navigation';
import { paths } from '../routing/routes';

/** Any path the shop does not have. */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is no such page in the shop. <Link to={paths.products}>See all products</Link>.
      </p>
    </>
  );
}
