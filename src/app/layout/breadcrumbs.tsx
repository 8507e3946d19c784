import type { ReactNode } from 'react';
import { Link, useMatches, type Params } from 'react-router';
import './breadcrumbs.css';

export interface Crumb {
  label: ReactNode;
  to?: string;
}

export interface RouteHandle {
  crumbs?: (params: Params) => Crumb[];
}

function isRouteHandle(handle: unknown): handle is RouteHandle {
  return typeof handle === 'object' && handle !== null && 'crumbs' in handle;
}

/** Trail built from the deepest matched route's `handle.crumbs(params)`. */
export function Breadcrumbs() {
  const matches = useMatches();
  const deepest = [...matches].reverse().find((match) => isRouteHandle(match.handle));
  const crumbs = deepest && isRouteHandle(deepest.handle) ? (deepest.handle.crumbs?.(deepest.params) ?? []) : [];
  if (crumbs.length === 0) return null;
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {crumbs.map((crumb, index) => {
          const last = index === crumbs.length - 1;
          return (
            <li key={index}>
              {crumb.to && !last ? <Link to={crumb.to}>{crumb.label}</Link> : <span aria-current={last ? 'page' : undefined}>{crumb.label}</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
