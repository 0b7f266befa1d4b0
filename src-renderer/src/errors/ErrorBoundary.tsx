import { Component, type ReactNode } from 'react';
import { describeError } from './error-store';

/** A render crash shows its message and a way back instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode; onReset(): void }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const { code, message } = describeError(this.state.error);
    return (
      <div className="crash" data-testid="crash">
        <h2>Something went wrong while showing this screen</h2>
        <p>
          <span className="code">{code}</span> {message}
        </p>
        <button
          type="button"
          className="primary"
          onClick={() => {
            this.setState({ error: null });
            this.props.onReset();
          }}
        >
          Back to projects
        </button>
      </div>
    );
  }
}
