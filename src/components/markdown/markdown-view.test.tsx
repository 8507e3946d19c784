// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MarkdownView } from './markdown-view';

afterEach(cleanup);

describe('MarkdownView', () => {
  it('renders GFM tables and task lists', () => {
    render(<MarkdownView source={'| model | acc |\n| --- | --- |\n| resnet | 0.91 |\n\n- [x] baseline\n- [ ] ablation\n\n~~old~~'} />);
    expect(screen.getByRole('columnheader', { name: 'acc' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: '0.91' })).toBeTruthy();
    const done = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Done' });
    const todo = screen.getByRole<HTMLInputElement>('checkbox', { name: 'To do' });
    expect(done.checked).toBe(true);
    expect(todo.checked).toBe(false);
    expect(done.disabled).toBe(true);
    expect(document.querySelector('del')?.textContent).toBe('old');
  });

  it('still drops raw HTML and unsafe links', () => {
    const { container } = render(<MarkdownView source={'<img src=x onerror="alert(1)"> <script>alert(1)</script>\n\n[x](javascript:alert(1))'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('a')?.getAttribute('href') ?? '').not.toContain('javascript');
  });
});
