import { Link, useLocation } from 'react-router';
import { useDocumentTitle } from '../../components/document-title/use-document-title';
import './status-pages.css';
import { paths } from '../../config/paths';

export function NotFoundPage() {
  const location = useLocation();
  useDocumentTitle('Page not found');
  return (
    <div className="page status-page">
      <p className="status-code" aria-hidden="true">
        404
      </p>
      <h1>Page not found</h1>
      <p className="muted">
        Nothing lives at <code>{location.pathname}</code>.
      </p>
      <div className="toolbar">
        <Link className="btn btn-primary" to={paths.experiments()}>
          Go to experiments
        </Link>
        <Link className="btn" to={paths.models()}>
          Go to models
        </Link>
      </div>
    </div>
  );
}
