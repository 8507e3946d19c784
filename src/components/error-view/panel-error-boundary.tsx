import { QueryErrorResetBoundary } from '@tanstack/react-query';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorPanel } from './error-panel';

interface BoundaryProps {
  children: ReactNode;
  title: string;
  onReset: () => void;
  resetKey?: unknown;
}

interface BoundaryState {
  error: unknown;
  resetKey: unknown;
}

class Boundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Shown in the panel; logged once for whoever debugs it.
    console.warn('Panel crashed', error, info.componentStack);
  }

  override render() {
    if (this.state.error !== null) {
      return (
        <ErrorPanel
          error={this.state.error}
          title={this.props.title}
          onRetry={() => {
            this.props.onReset();
            this.setState({ error: null });
          }}
        />
      );
    }
    return this.props.children;
  }
}

/** Contains a crash (or a thrown query error) to one panel, with a retry that refetches. */
export function PanelErrorBoundary({ children, title = 'This panel failed', resetKey }: { children: ReactNode; title?: string; resetKey?: unknown }) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <Boundary title={title} onReset={reset} resetKey={resetKey}>
          {children}
        </Boundary>
      )}
    </QueryErrorResetBoundary>
  );
}
