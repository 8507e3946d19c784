// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundView } from './not-found-view';

afterEach(cleanup);

describe('NotFoundView', () => {
  it('names what is missing, says why, links away, and sets the tab title', async () => {
    const router = createMemoryRouter(
      [
        {
          path: '*',
          element: (
            <NotFoundView
              title="Experiment 42 was not found"
              links={[
                { label: 'All experiments', to: '/experiments' },
                { label: 'Models', to: '/models' },
              ]}
            >
              <p>It may have been deleted.</p>
            </NotFoundView>
          ),
        },
      ],
      { initialEntries: ['/experiments/42'] },
    );
    render(<RouterProvider router={router} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Experiment 42 was not found' })).toBeTruthy();
    expect(screen.getByText('It may have been deleted.')).toBeTruthy();
    const primary = screen.getByRole('link', { name: 'All experiments' });
    expect(primary.getAttribute('href')).toBe('/experiments');
    expect(primary.className).toContain('btn-primary');
    expect(screen.getByRole('link', { name: 'Models' }).className).not.toContain('btn-primary');
    expect(document.title).toContain('Experiment 42 was not found');
  });
});
