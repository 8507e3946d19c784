// The runs pages of missing experiments: one clear not-found page instead of a banner above an
// empty runs table. The experiments are read (the header needs them anyway) while the runs table
// loads, so a found experiment does not wait for this check.
import { useQueries } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isNotFound } from '../../components/error-view';
import { NotFoundView } from '../../components/not-found';
import { paths } from '../../config/paths';
import { getExperimentQueryOptions } from '../../entities/experiments/api/get-experiment';

export function ExperimentsFound({ ids, children }: { ids: readonly string[]; children: ReactNode }) {
  const missing = useQueries({
    queries: ids.map((id) => getExperimentQueryOptions(id)),
    combine: (results) => ids.filter((_id, index) => isNotFound(results[index]?.error)),
  });
  if (ids.length === 0 || missing.length < ids.length) return children;
  const title = ids.length === 1 ? `Experiment ${ids[0] ?? ''} was not found` : `None of experiments ${ids.join(', ')} was found`;
  return (
    <NotFoundView title={title} links={[{ label: 'All experiments', to: paths.experiments() }]}>
      <p>It may have been deleted for good, or the link may be wrong. Deleted experiments can be restored from the experiments list (show deleted).</p>
    </NotFoundView>
  );
}
