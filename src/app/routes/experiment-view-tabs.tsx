// Table | Charts: two views of the same runs. Both links carry the whole query string (filter,
// sort, selection, chart settings...), so switching keeps everything; the runs table ignores
// the charts' `c*` parameters and the charts read the table's.
import { Link, useLocation } from 'react-router';
import './experiment-view-tabs.css';
import { paths } from '../../config/paths';

export type ExperimentView = 'table' | 'charts' | 'models' | 'traces';

export function ExperimentViewTabs({ experimentIds, active }: { experimentIds: string; active: ExperimentView }) {
  const { search } = useLocation();
  const tabs: { view: ExperimentView; label: string; to: string }[] = [
    { view: 'table', label: 'Table', to: paths.experimentRuns(experimentIds, search) },
    { view: 'charts', label: 'Charts', to: paths.experimentCharts(experimentIds, search) },
    // Logged models (MLflow 3) are not runs: the runs view's query string does not apply.
    { view: 'models', label: 'Models', to: paths.experimentModels(experimentIds) },
    // Traces are not runs either: their own filter and order live in their own parameters.
    { view: 'traces', label: 'Traces', to: paths.experimentTraces(experimentIds) },
  ];
  return (
    <nav className="experiment-view-tabs" aria-label="Runs view" data-testid="experiment-view-tabs">
      {tabs.map((tab) => (
        <Link key={tab.view} to={tab.to} aria-current={tab.view === active ? 'page' : undefined} preventScrollReset>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
