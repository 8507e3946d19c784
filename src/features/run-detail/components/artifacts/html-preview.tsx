import { artifactPreviewUrl } from '../../api/get-artifact';

/**
 * HTML reports (Plotly, Bokeh) in a sandboxed iframe: their scripts run, but in an opaque origin
 * (`allow-scripts` without `allow-same-origin`), so they cannot reach the app's page, cookies or
 * storage. The server sends `?preview=html` with its own CSP sandbox and lets only this app frame it;
 * a srcdoc frame would inherit the app's CSP and could run no script at all.
 */
export function HtmlPreview({ runId, path }: { runId: string; path: string }) {
  return (
    <div className="artifact-html">
      <iframe
        title={`Preview of ${path}`}
        sandbox="allow-scripts"
        src={artifactPreviewUrl(runId, path)}
        className="artifact-iframe"
        referrerPolicy="no-referrer"
      />
    </div>
  );
}
