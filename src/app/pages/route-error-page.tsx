import { useQueryClient } from '@tanstack/react-query';
import { isRouteErrorResponse, Link, useLocation, useNavigate, useRouteError } from 'react-router';
import { errorMessage } from '../../components/error-view/error-message';
import { useDocumentTitle } from '../../components/document-title/use-document-title';
import { NotFoundPage } from './not-found-page';
import './status-pages.css';
import { paths } from '../../config/paths';

function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(error.message);
}

/** Route error boundary: a readable reason and a retry that re-renders the route with fresh data. */
export function RouteErrorPage() {
  const error = useRouteError();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  useDocumentTitle('Error');

  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;

  const retry = () => {
    if (isChunkLoadError(error)) {
      window.location.reload();
      return;
    }
    void queryClient.resetQueries({ predicate: (query) => query.state.status === 'error' });
    void navigate(location, { replace: true });
  };

  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  return (
    <div className="page status-page" role="alert">
      <h1>Something went wrong</h1>
      <p className="status-message">{message}</p>
      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={retry}>
          Retry
        </button>
        <Link className="btn" to={paths.experiments()}>
          Go to experiments
        </Link>
      </div>
    </div>
  );
}
