// One span's details: what it is, how long it took, its inputs, outputs, other attributes and
// events, each as a collapsible JSON tree. Errors (status ERROR, exception events) come first
// and in red, with the exception's message and stack trace as text.
import { useMemo } from 'react';
import { decodeAttribute, SPAN_ATTRIBUTES, spanDuration, type SpanEvent, type TraceSpan } from '../../../entities/traces';
import { formatSpanDuration } from '../utils/format-span-time';
import { JsonView } from './json-view';
import { TraceStatusBadge } from './trace-status-badge';

const HIDDEN_ATTRIBUTES = new Set<string>([
  SPAN_ATTRIBUTES.inputs,
  SPAN_ATTRIBUTES.outputs,
  SPAN_ATTRIBUTES.spanType,
  SPAN_ATTRIBUTES.requestId,
]);

function decodedAttributes(span: TraceSpan): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(span.rawAttributes)) if (!HIDDEN_ATTRIBUTES.has(key)) result[key] = decodeAttribute(value);
  return result;
}

function Section({ title, children, count }: { title: string; children: React.ReactNode; count?: number }) {
  return (
    <section className="span-detail-section" aria-label={title}>
      <h3>
        {title}
        {count !== undefined && <span className="trace-count">{count}</span>}
      </h3>
      {children}
    </section>
  );
}

function ExceptionBox({ event }: { event: SpanEvent }) {
  const type = event.attributes['exception.type'];
  const message = event.attributes['exception.message'];
  const stack = event.attributes['exception.stacktrace'];
  return (
    <div className="span-exception" role="alert">
      <strong>
        {typeof type === 'string' && type ? `${type}: ` : 'Exception: '}
        {typeof message === 'string' ? message : ''}
      </strong>
      {typeof stack === 'string' && stack && <pre className="span-stack mono">{stack}</pre>}
    </div>
  );
}

export function SpanDetail({ span }: { span: TraceSpan }) {
  const inputs = useMemo(() => decodeAttribute(span.rawAttributes[SPAN_ATTRIBUTES.inputs]), [span]);
  const outputs = useMemo(() => decodeAttribute(span.rawAttributes[SPAN_ATTRIBUTES.outputs]), [span]);
  const attributes = useMemo(() => decodedAttributes(span), [span]);
  const exceptions = span.events.filter((event) => event.name === 'exception');
  const attributeCount = Object.keys(attributes).length;
  return (
    <div className={`span-detail${span.hasError ? ' is-error' : ''}`} data-testid="span-detail">
      <header className="span-detail-header">
        <h2 className="span-detail-title">{span.name}</h2>
        <div className="span-detail-meta">
          <span className="span-type" data-type={span.spanType}>
            {span.spanType}
          </span>
          <TraceStatusBadge status={span.status} />
          <span className="mono" title="Duration">
            {formatSpanDuration(spanDuration(span))}
          </span>
          <span className="muted mono" title="Start, from the trace's start">
            +{formatSpanDuration(span.startMs)}
          </span>
        </div>
        <dl className="span-detail-ids mono">
          <dt>Span</dt>
          <dd>{span.spanId}</dd>
          {span.parentId && (
            <>
              <dt>Parent</dt>
              <dd>{span.parentId}</dd>
            </>
          )}
          {span.otelTraceId && (
            <>
              <dt>Trace</dt>
              <dd>{span.otelTraceId}</dd>
            </>
          )}
        </dl>
      </header>
      {span.status === 'ERROR' && (
        <div className="span-exception" role="alert">
          <strong>Status ERROR</strong>
          {span.statusMessage && `: ${span.statusMessage}`}
        </div>
      )}
      {exceptions.map((event, index) => (
        <ExceptionBox key={index} event={event} />
      ))}
      <Section title="Inputs">
        {inputs === undefined ? <p className="muted">No inputs recorded.</p> : <JsonView value={inputs} label="Span inputs" />}
      </Section>
      <Section title="Outputs">
        {outputs === undefined ? <p className="muted">No outputs recorded.</p> : <JsonView value={outputs} label="Span outputs" />}
      </Section>
      <Section title="Attributes" count={attributeCount}>
        {attributeCount === 0 ? <p className="muted">No other attributes.</p> : <JsonView value={attributes} label="Span attributes" />}
      </Section>
      <Section title="Events" count={span.events.length}>
        {span.events.length === 0 ? (
          <p className="muted">No events.</p>
        ) : (
          <ul className="span-events">
            {span.events.map((event, index) => (
              <li key={index} className={event.name === 'exception' ? 'is-error' : undefined}>
                <div>
                  <strong>{event.name || '(unnamed event)'}</strong>{' '}
                  {event.offsetMs !== undefined && <span className="muted mono">+{formatSpanDuration(event.offsetMs)}</span>}
                </div>
                <JsonView value={event.attributes} label={`Event ${event.name} attributes`} />
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
