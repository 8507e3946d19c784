import { useLocation } from 'react-router';
import { NotFoundView } from '../../components/not-found';
import { paths } from '../../config/paths';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <NotFoundView
      title="Page not found"
      links={[
        { label: 'Go to experiments', to: paths.experiments() },
        { label: 'Go to models', to: paths.models() },
      ]}
    >
      <p>
        Nothing lives at <code>{location.pathname}</code>.
      </p>
    </NotFoundView>
  );
}
