// Starts a chart view's requests from the route loader, before React renders the page: the runs
// query (with the app's sign-in check), and as soon as both answer, the min/max buckets of the first charts for the visible runs,
// with the same query keys the page and its cards will use (they then find the data in flight or
// cached instead of asking after their first render). Best effort: when the view needs anything
// this cannot know in advance (selected or pinned runs, zoomed charts, a metric x axis), it
// prefetches less and the page asks for the rest itself.
import type { QueryClient } from '@tanstack/react-query';
import { chunkRunIds, historyBucketsQueryOptions } from '../../../entities/metrics/api/get-history-buckets';
import { runsListQueryOptions, type SearchRunsParams } from '../../../entities/runs/api/search-runs';
import { bucketsForWidth, predictedPlotWidth } from '../../../components/charts/chart-grid-geometry';
import { decodeChartSettings } from '../../../components/charts/chart-settings';
import { currentUserQuery } from '../../../lib/auth/current-user';
import { hiddenRunsStorageKey } from '../../../lib/run-colors';
import { parseJson, readStorage } from '../hooks/use-local-storage-value';
import { CHARTS_URL_PARAM, chartId, chartLayoutStorageKey, chartMatcher, decodeLayout, defaultLayout, groupSections } from './chart-layout';

/** Charts prefetched: about what fits in a first screen (the others fetch when scrolled to). */
const PREFETCHED_CHARTS = 6;

export interface ChartViewPrefetch {
  experimentIds: readonly string[];
  /** The runs query the page will make (undefined: the page's runs depend on a selection). */
  runs: SearchRunsParams | undefined;
  limit: number;
  searchParams: URLSearchParams;
  viewportWidth: number;
}

function storedList(key: string): Set<string> {
  const list = parseJson(readStorage(key));
  return new Set(Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : []);
}

function layoutFor(experimentIds: readonly string[], searchParams: URLSearchParams, metricKeys: readonly string[]) {
  const fromUrl = decodeLayout(searchParams.get(CHARTS_URL_PARAM));
  if (fromUrl) return fromUrl;
  const saved = parseJson(readStorage(chartLayoutStorageKey(experimentIds)));
  return (typeof saved === 'string' ? decodeLayout(saved) : undefined) ?? defaultLayout(metricKeys);
}

export async function prefetchChartView(queryClient: QueryClient, input: ChartViewPrefetch): Promise<void> {
  if (!input.runs) return;
  // The app renders nothing before the sign-in check answers: the bucket requests (tens of ms of
  // server work each) wait for it, so as not to delay it; the runs query goes along with it.
  const answers = Promise.all([
    queryClient.ensureQueryData(currentUserQuery()),
    queryClient.ensureQueryData(runsListQueryOptions(input.runs, input.limit)),
  ]);
  // The view sorts metric keys with localeCompare, whose first call builds ICU's collator (one
  // 60–140 ms task in a profile, right after the runs arrived): build it while they are in flight.
  'a'.localeCompare('b');
  const [auth, runs] = await answers;
  if (auth.kind === 'signed-out') return;
  const settings = decodeChartSettings(input.searchParams);
  if (settings.xAxis.kind === 'metric') return;
  const hidden = storedList(hiddenRunsStorageKey(input.experimentIds));
  const runIds = runs.filter((run) => !hidden.has(run.runId)).map((run) => run.runId);
  if (runIds.length === 0) return;
  const metricKeys = [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))];
  const specs = groupSections(layoutFor(input.experimentIds, input.searchParams, metricKeys).filter(chartMatcher(settings.search)))
    .flatMap((section) => section.specs)
    .filter((spec) => spec.kind === 'line' && settings.zoom[chartId(spec)] === undefined)
    .slice(0, PREFETCHED_CHARTS);
  const buckets = bucketsForWidth(predictedPlotWidth(input.viewportWidth));
  await Promise.all(
    specs.flatMap((spec) =>
      spec.kind !== 'line'
        ? []
        : chunkRunIds(runIds).map((chunk) =>
            queryClient.prefetchQuery(historyBucketsQueryOptions({ runIds: chunk, metricKey: spec.key, buckets })),
          ),
    ),
  );
}
