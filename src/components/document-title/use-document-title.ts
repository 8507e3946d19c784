import { useEffect } from 'react';

/** Sets the tab title to "<title> · Runboard" while the component is shown. */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Runboard` : 'Runboard';
  }, [title]);
}
