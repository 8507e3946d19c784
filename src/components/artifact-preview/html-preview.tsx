import './artifact-preview.css';

/** The file's URL asking the server for the scripted preview (its own CSP sandbox, framable by this app only). */
export function htmlPreviewUrl(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}preview=html`;
}

/**
 * HTML reports (Plotly, Bokeh) in a sandboxed iframe: their scripts run, but in an opaque origin
 * (`allow-scripts` without `allow-same-origin`), so they cannot reach the app's page, cookies or
 * storage. A srcdoc frame would inherit the app's CSP and could run no script at all.
 */
export function HtmlPreview({ url, path }: { url: string; path: string }) {
  return (
    <div className="artifact-html">
      <iframe title={`Preview of ${path}`} sandbox="allow-scripts" src={htmlPreviewUrl(url)} className="artifact-iframe" referrerPolicy="no-referrer" />
    </div>
  );
}
