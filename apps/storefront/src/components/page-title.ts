import { useEffect } from 'react';

const SHOP = 'Faultline Outfitters';

/** Sets the tab's title to the page's, so history, tabs and screen readers name the page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title === '' ? SHOP : `${title} · ${SHOP}`;
  }, [title]);
}
