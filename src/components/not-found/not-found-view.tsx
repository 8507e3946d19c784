// One not-found page for every missing thing (a URL, an experiment, a run, a model): a title that
// names what is missing, why in one line, and where to go instead. Nothing else renders under it.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useDocumentTitle } from '../document-title/use-document-title';
import './not-found-view.css';

export interface NotFoundLink {
  label: string;
  to: string;
}

export interface NotFoundViewProps {
  /** What is missing, e.g. "Experiment 99999 was not found". */
  title: string;
  /** Why, or what the user can check. */
  children?: ReactNode;
  /** Where to go instead; the first is the primary action. */
  links: readonly NotFoundLink[];
}

export function NotFoundView({ title, children, links }: NotFoundViewProps) {
  useDocumentTitle(title);
  return (
    <section className="page not-found-view" aria-labelledby="not-found-title" data-testid="not-found">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <h1 id="not-found-title">{title}</h1>
      {children && <div className="muted not-found-detail">{children}</div>}
      <div className="toolbar">
        {links.map((link, index) => (
          <Link key={link.to} className={index === 0 ? 'btn btn-primary' : 'btn'} to={link.to}>
            {link.label}
          </Link>
        ))}
      </div>
    </section>
  );
}
