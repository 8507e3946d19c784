import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import './markdown.css';

// Only http(s), mailto and relative links survive; react-markdown never renders raw HTML
// (no rehype-raw), so <script>, <img onerror> etc. in a description stay plain text. GitHub's
// extensions (tables, task lists, strikethrough, autolinks) come from remark-gfm.
const SAFE_URL = /^(https?:|mailto:|#|[^:]*$)/i;

export function safeUrl(url: string): string {
  const trimmed = url.trim();
  return SAFE_URL.test(trimmed) ? trimmed : '';
}

const components: Components = {
  a: ({ href, children, node: _node, ...rest }) => (
    <a {...rest} href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  img: ({ src, alt, node: _node, ...rest }) => <img {...rest} src={src} alt={alt ?? ''} loading="lazy" referrerPolicy="no-referrer" />,
  // A description sits under the page's own headings: shift its levels down by two.
  h1: ({ node: _node, ...rest }) => <h3 {...rest} className="md-h1" />,
  h2: ({ node: _node, ...rest }) => <h4 {...rest} className="md-h2" />,
  h3: ({ node: _node, ...rest }) => <h5 {...rest} className="md-h3" />,
  h4: ({ node: _node, ...rest }) => <h6 {...rest} className="md-h4" />,
  h5: ({ node: _node, ...rest }) => <h6 {...rest} className="md-h5" />,
  // Task-list boxes show state only; a label keeps them readable to screen readers.
  input: ({ node: _node, checked, type, ...rest }) =>
    type === 'checkbox' ? <input {...rest} type="checkbox" checked={checked} disabled readOnly aria-label={checked ? 'Done' : 'To do'} /> : <input {...rest} type={type} disabled />,
  // Wide tables scroll inside the description instead of widening the page.
  table: ({ node: _node, ...rest }) => (
    <div className="md-table-scroll">
      <table {...rest} />
    </div>
  ),
};

const REMARK_PLUGINS = [remarkGfm];

export function MarkdownView({ source, className }: { source: string; className?: string }) {
  return (
    <div className={`markdown${className ? ` ${className}` : ''}`}>
      <Markdown skipHtml remarkPlugins={REMARK_PLUGINS} urlTransform={safeUrl} components={components}>
        {source}
      </Markdown>
    </div>
  );
}
