// The search box: an MLflow filter expression, or plain text meaning "run name contains".
// The text is checked with the shared MLflow filter parser as the user types; a syntax error is
// underlined at its position and nothing is sent until it is fixed. Keys of the loaded runs are
// offered as completions (combobox pattern).
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useServerFeatures } from '../../../lib/server-features/server-features';
import { applySuggestion, suggestFilterKeys, suggestFilterValues, type FilterKeySets, type FilterSuggestion, type FilterValueLookup } from '../utils/filter-autocomplete';
import { translateFilterText, type FilterProblem } from '../utils/filter-translation';

export interface FilterBoxProps {
  /** The applied filter text (from the URL). */
  value: string;
  onApply: (text: string) => void;
  keys: FilterKeySets;
  /** Values of a param or tag seen in the loaded runs, offered after `params.<key> =`. */
  valuesOf?: FilterValueLookup;
  /** The server refused the applied filter. */
  serverError?: string | null;
}

const KIND_LABELS: Readonly<Record<FilterSuggestion['kind'], string>> = {
  metric: 'metric',
  param: 'param',
  tag: 'tag',
  attribute: 'attribute',
  dataset: 'dataset',
  keyword: 'keyword',
  value: 'value',
};

const OR_NEEDS_RUNBOARD = "OR and parentheses need Runboard's server: this MLflow server only joins conditions with AND.";

export function FilterBox({ value, onApply, keys, valuesOf, serverError }: FilterBoxProps) {
  const [draft, setDraft] = useState(value);
  const [caret, setCaret] = useState(value.length);
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(-1);
  const [dismissed, setDismissed] = useState(false);
  const [showProblem, setShowProblem] = useState(true);
  const [scrollLeft, setScrollLeft] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const messageId = useId();

  // The URL changed (back / forward, a link): show what is applied.
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    setLastValue(value);
    setDraft(value);
  }

  const features = useServerFeatures();
  // Until the probe answers, assume OR works; a plain MLflow server refuses it anyway.
  const orSupported = features?.runsFilterOr ?? true;
  const translation = useMemo(() => translateFilterText(draft), [draft]);
  const orRefused = translation.kind === 'mlflow' && translation.usesOr && !orSupported;
  const problem: FilterProblem | null = translation.kind === 'error' ? translation.problem : null;

  // Let the user finish a word before complaining.
  useEffect(() => {
    setShowProblem(false);
    const timer = setTimeout(() => setShowProblem(true), 350);
    return () => clearTimeout(timer);
  }, [draft]);

  const suggestions = useMemo(() => {
    if (!focused || dismissed) return null;
    return (valuesOf ? suggestFilterValues(draft, caret, valuesOf, 12) : null) ?? suggestFilterKeys(draft, caret, keys, 12, orSupported);
  }, [focused, dismissed, draft, caret, keys, valuesOf, orSupported]);
  const open = suggestions !== null && suggestions.suggestions.length > 0;
  const activeIndex = open && active < (suggestions?.suggestions.length ?? 0) ? active : -1;

  const updateCaret = () => {
    const input = inputRef.current;
    if (input) {
      setCaret(input.selectionStart ?? input.value.length);
      setScrollLeft(input.scrollLeft);
    }
  };

  const choose = (suggestion: FilterSuggestion) => {
    if (!suggestions) return;
    const next = applySuggestion(draft, suggestions, suggestion);
    setDraft(next.text);
    setCaret(next.caret);
    setActive(-1);
    requestAnimationFrame(() => {
      const input = inputRef.current;
      if (!input) return;
      input.focus();
      input.setSelectionRange(next.caret, next.caret);
      setScrollLeft(input.scrollLeft);
    });
  };

  const apply = () => {
    setShowProblem(true);
    if (translation.kind === 'error' || orRefused) return;
    setDismissed(true);
    onApply(draft.trim());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (open && suggestions) {
      const count = suggestions.suggestions.length;
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        setActive((activeIndex + 1) % count);
        return;
      }
      if (event.key === 'ArrowUp') {
        event.preventDefault();
        setActive(activeIndex <= 0 ? count - 1 : activeIndex - 1);
        return;
      }
      const chosen = suggestions.suggestions[activeIndex];
      if ((event.key === 'Enter' || event.key === 'Tab') && chosen) {
        event.preventDefault();
        choose(chosen);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(true);
        return;
      }
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    } else if (event.key === 'Escape' && draft !== value) {
      event.preventDefault();
      setDraft(value);
    }
  };

  const visibleProblem = problem && showProblem ? problem : null;
  const message = visibleProblem
    ? `Syntax error at position ${visibleProblem.position + 1}: ${visibleProblem.message}`
    : orRefused
      ? OR_NEEDS_RUNBOARD
      : serverError && draft.trim() === value.trim()
      ? `The server refused this filter: ${serverError}`
      : null;
  const hint = translation.kind === 'plain' ? 'Plain text: matches run names containing it' : null;

  return (
    <div className="rb-filter">
      <div className={`rb-filter-field${visibleProblem ? ' has-error' : ''}`}>
        <span className="rb-filter-icon" aria-hidden="true">
          ⌕
        </span>
        <div className="rb-filter-input-wrap">
          {visibleProblem && (
            <div className="rb-filter-mirror" aria-hidden="true" style={{ transform: `translateX(${-scrollLeft}px)` }}>
              <span>{draft.slice(0, visibleProblem.position)}</span>
              {visibleProblem.length > 0 ? (
                <mark className="rb-filter-error-mark" data-testid="filter-error-mark">
                  {draft.slice(visibleProblem.position, visibleProblem.position + visibleProblem.length)}
                </mark>
              ) : (
                <span className="rb-filter-error-caret" data-testid="filter-error-mark">
                  {' '}
                </span>
              )}
            </div>
          )}
          <input
            ref={inputRef}
            type="text"
            className="rb-filter-input"
            data-search-input=""
            role="combobox"
            aria-label="Filter runs"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
            aria-invalid={visibleProblem ? true : undefined}
            aria-describedby={message ? messageId : undefined}
            placeholder={
              orSupported
                ? "Filter: metrics.acc > 0.9 AND (params.opt = 'adam' OR params.opt = 'sgd'), or part of a run name"
                : "Filter: metrics.acc > 0.9 AND params.opt = 'adam', or part of a run name"
            }
            spellCheck={false}
            autoComplete="off"
            value={draft}
            onChange={(event) => {
              setDraft(event.target.value);
              setCaret(event.target.selectionStart ?? event.target.value.length);
              setDismissed(false);
              setActive(-1);
            }}
            onKeyDown={onKeyDown}
            onKeyUp={updateCaret}
            onClick={updateCaret}
            onSelect={updateCaret}
            onScroll={updateCaret}
            onFocus={() => {
              setFocused(true);
              setDismissed(false);
            }}
            onBlur={() => setFocused(false)}
          />
        </div>
        {draft && (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => {
              setDraft('');
              if (value) onApply('');
              inputRef.current?.focus();
            }}
          >
            Clear
          </button>
        )}
        <button type="button" className="btn btn-sm btn-primary" onClick={apply} disabled={(translation.kind === 'error' && showProblem) || orRefused}>
          Search
        </button>
        <FilterSyntaxHelp orSupported={orSupported} />
      </div>
      <ul id={listId} role="listbox" aria-label="Filter suggestions" className="rb-suggestions" hidden={!open}>
        {open &&
          suggestions.suggestions.map((suggestion, index) => (
            <li
              key={suggestion.insert}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'is-active' : undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(suggestion);
              }}
              onMouseEnter={() => setActive(index)}
            >
              <span className="mono">{suggestion.insert}</span>
              <span className="rb-suggestion-kind">{KIND_LABELS[suggestion.kind]}</span>
            </li>
          ))}
      </ul>
      {message ? (
        <div id={messageId} className="field-error rb-filter-message" role="alert" data-testid="filter-error">
          {message}
        </div>
      ) : hint ? (
        <div className="field-hint rb-filter-message" data-testid="filter-hint">
          {hint}
        </div>
      ) : null}
    </div>
  );
}

/** The filter language in brief, behind a small toggle next to the search button. */
function FilterSyntaxHelp({ orSupported }: { orSupported: boolean }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="rb-filter-help">
      <button type="button" className="btn btn-ghost btn-sm" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        Syntax
      </button>
      {open && (
        <div id={panelId} className="rb-filter-help-panel" role="region" aria-label="Filter syntax">
          <dl>
            <dt>Conditions</dt>
            <dd>
              <code>metrics.acc &gt; 0.9</code> <code>params.opt = &apos;adam&apos;</code> <code>tags.team LIKE &apos;a%&apos;</code>{' '}
              <code>attributes.status != &apos;FAILED&apos;</code> <code>run_id IN (&apos;…&apos;, &apos;…&apos;)</code>
            </dd>
            <dt>Operators</dt>
            <dd>
              <code>= != &lt; &lt;= &gt; &gt;=</code> for numbers, <code>= != LIKE ILIKE</code> for text (<code>%</code> any text, <code>_</code> one character)
            </dd>
            <dt>Joining</dt>
            {orSupported ? (
              <dd>
                <code>AND</code>, <code>OR</code> and parentheses: <code>metrics.acc &gt; 0.9 AND (params.opt = &apos;adam&apos; OR params.opt = &apos;sgd&apos;)</code>. AND binds tighter than
                OR.
              </dd>
            ) : (
              <dd>
                <code>AND</code> only. OR and parentheses need Runboard&apos;s server; this MLflow server does not accept them.
              </dd>
            )}
            <dt>Plain text</dt>
            <dd>Anything else finds runs whose name contains it.</dd>
          </dl>
        </div>
      )}
    </div>
  );
}
