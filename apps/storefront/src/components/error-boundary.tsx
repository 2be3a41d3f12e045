import { Component } from 'react';
import type { ReactNode } from 'react';

/**
 * What the shopper sees if a page fails to render: an apology and a way on, instead of a blank
 * page. The error itself reaches telemetry through the root's onCaughtError.
 */
export class PageErrorBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { failedAt: string | undefined }
> {
  override state: { failedAt: string | undefined } = { failedAt: undefined };

  static getDerivedStateFromError(): { failedAt: string } {
    return { failedAt: location.pathname };
  }

  override render() {
    // Another page clears the failure: the shopper can go on from the header.
    if (this.state.failedAt !== undefined && this.state.failedAt === this.props.resetKey) {
      return (
        <div className="notice notice-problem" role="alert">
          <h1 tabIndex={-1}>Something went wrong</h1>
          <p>This page could not be shown. Please reload it, or go back to the products.</p>
        </div>
      );
    }
    return this.props.children;
  }
}
