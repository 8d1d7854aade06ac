import { Component, type ReactNode } from 'react';

/** A fault in rendering shows what went wrong instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fatal" role="alert">
        <h1>Kypho stopped because of an internal error</h1>
        <p>{this.state.error.message}</p>
        <p>Reload the page to continue, and please report this message.</p>
      </div>
    );
  }
}
