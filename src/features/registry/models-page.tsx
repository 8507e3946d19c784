import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useDocumentTitle } from '../../components/document-title/use-document-title';
import { EmptyState } from '../../components/empty-state/empty-state';
import { ErrorPanel } from '../../components/error-view';
import { handleArrowNavigation } from '../../components/list-navigation/arrow-navigation';
import { SkeletonLines } from '../../components/skeleton/skeleton';
import { useRegistrySync } from '../../entities/registry/invalidate-registry';
import { useStageCounts } from '../../entities/registry/api/count-versions-by-stage';
import { useSearchRegisteredModels } from '../../entities/registry/api/search-registered-models';
import { CreateModelDialog } from './components/create-model-dialog';
import { modelPath, ModelsTable } from './components/models-table';
import { useUrlParams } from './hooks/use-url-params';
import { buildModelSearch } from './utils/model-search-filter';
import { isPrompt, orderByForSort, PAGE_SIZES, readModelsListParams, SORT_LABELS, withPromptFilter, writeModelsListParams, type ModelSort } from './utils/models-list-params';
import './registry.css';

/** `/models`: search, sort and page through registered models; create one. */
export function ModelsPage() {
  useDocumentTitle('Models');
  useRegistrySync();
  const navigate = useNavigate();
  const [params, setParams] = useUrlParams(readModelsListParams, writeModelsListParams);
  const [draft, setDraft] = useState(params.query);
  const [creating, setCreating] = useState(false);
  const searchId = useId();
  const sortId = useId();
  const sizeId = useId();
  const errorId = useId();

  // Typing is debounced into the URL (and so into the server-side search).
  const written = useRef(params.query);
  useEffect(() => {
    // An invalid filter stays in the box (with its error) and is not sent; the last results stay.
    if (draft === params.query || buildModelSearch(draft).kind === 'invalid') return undefined;
    const timer = setTimeout(() => {
      written.current = draft;
      setParams({ query: draft });
    }, 250);
    return () => clearTimeout(timer);
  }, [draft, params.query, setParams]);

  // Back/forward may change the URL underneath the input; our own writes must not reset typing.
  const [syncedQuery, setSyncedQuery] = useState(params.query);
  if (syncedQuery !== params.query) {
    setSyncedQuery(params.query);
    if (params.query !== written.current) setDraft(params.query);
  }

  const search = buildModelSearch(params.query);
  const draftSearch = buildModelSearch(draft);
  const invalid = draftSearch.kind === 'invalid' ? draftSearch : search.kind === 'invalid' ? search : undefined;
  const pageToken = params.pages.at(-1);
  const request = useMemo(
    () => ({ filter: withPromptFilter(search.filter, params.prompts), orderBy: orderByForSort(params.sort), maxResults: params.pageSize, pageToken }),
    [search.filter, params.prompts, params.sort, params.pageSize, pageToken],
  );
  const models = useSearchRegisteredModels(request, { enabled: search.kind !== 'invalid' });
  const page = models.data;
  const pageNumber = params.pages.length + 1;
  const rows = useMemo(() => (page?.models ?? []).filter((model) => params.prompts || !isPrompt(model.tags)), [page, params.prompts]);
  const names = useMemo(() => rows.map((model) => model.name), [rows]);
  const stageCounts = useStageCounts(names);

  return (
    <div className="page registry-page models-page">
      <div className="page-header">
        <div>
          <h1>Registered models</h1>
          <p className="muted page-subtitle">Promote versions with stages (Staging, Production) or, as MLflow now recommends, aliases such as @champion.</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New model
        </button>
      </div>

      <div className="toolbar models-toolbar">
        <div className="models-search">
          <label htmlFor={searchId} className="visually-hidden">
            Search models by name or filter
          </label>
          <input
            id={searchId}
            type="search"
            className="input models-search-input"
            placeholder="Search by name, or filter: tags.team = 'nlp'"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            aria-invalid={invalid !== undefined}
            aria-describedby={invalid ? errorId : undefined}
            data-search-input=""
            spellCheck={false}
          />
          {invalid && (
            <p id={errorId} className="field-error models-search-error" role="alert">
              {invalid.message}
              {draft && (
                <span className="models-search-error-where mono" aria-hidden="true">
                  {' '}
                  at “{draft.slice(invalid.position, invalid.position + Math.max(invalid.length, 1)) || 'end'}”
                </span>
              )}
            </p>
          )}
        </div>
        <div className="segmented" role="group" aria-label="Show">
          <button type="button" aria-pressed={!params.prompts} onClick={() => setParams({ prompts: false })}>
            Models
          </button>
          <button type="button" aria-pressed={params.prompts} onClick={() => setParams({ prompts: true })}>
            Prompts
          </button>
        </div>
        <label htmlFor={sortId} className="muted">
          Sort by
        </label>
        <select id={sortId} className="select" value={params.sort} onChange={(event) => setParams({ sort: event.target.value as ModelSort })}>
          {(Object.keys(SORT_LABELS) as ModelSort[]).map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
        <label htmlFor={sizeId} className="muted">
          Per page
        </label>
        <select id={sizeId} className="select" value={params.pageSize} onChange={(event) => setParams({ pageSize: Number(event.target.value) })}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>

      <div className="panel">
        {search.kind === 'invalid' ? (
          <EmptyState title="Fix the filter to search">The filter in the address could not be read: {search.message}</EmptyState>
        ) : models.isPending ? (
          <div className="panel-body">
            <SkeletonLines lines={6} label="Loading models" />
          </div>
        ) : models.isError && !page ? (
          <div className="panel-body">
            <ErrorPanel error={models.error} title="Could not load models" onRetry={() => void models.refetch()} />
          </div>
        ) : rows.length === 0 ? (
          params.prompts && !params.query ? (
            <EmptyState title="No prompts">Registered models tagged mlflow.prompt.is_prompt = true (MLflow’s prompt registry) are listed here.</EmptyState>
          ) : params.query ? (
            <EmptyState title="No models match">
              {search.kind === 'name' ? <>No model has “{params.query.trim()}” in its name.</> : <>No model matches this filter.</>}
            </EmptyState>
          ) : (
            <EmptyState
              title="No registered models yet"
              action={
                <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
                  New model
                </button>
              }
            >
              Register a model from a run’s artifacts, or create an empty one here.
            </EmptyState>
          )
        ) : (
          <div onKeyDown={handleArrowNavigation}>
            <ModelsTable models={rows} busy={models.isFetching} stageCounts={stageCounts.data} />
          </div>
        )}
        {(params.pages.length > 0 || page?.nextPageToken) && (
          <nav className="models-pagination" aria-label="Pages">
            <button type="button" className="btn btn-sm" disabled={params.pages.length === 0} onClick={() => setParams({ pages: params.pages.slice(0, -1) }, { push: true })}>
              ← Previous
            </button>
            <span className="muted" aria-live="polite">
              Page {pageNumber}
            </span>
            <button
              type="button"
              className="btn btn-sm"
              disabled={!page?.nextPageToken || models.isPlaceholderData}
              onClick={() => page?.nextPageToken && setParams({ pages: [...params.pages, page.nextPageToken] }, { push: true })}
            >
              Next →
            </button>
          </nav>
        )}
      </div>

      {creating && (
        <CreateModelDialog
          onClose={() => setCreating(false)}
          onCreated={(model) => {
            setCreating(false);
            void navigate(modelPath(model.name));
          }}
        />
      )}
    </div>
  );
}
