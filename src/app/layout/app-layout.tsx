import { Suspense } from 'react';
import { NavLink, Outlet, useNavigation } from 'react-router';
import { PageSkeleton } from '../../components/skeleton/skeleton';
import { AccountMenu } from '../../features/auth/components/account-menu';
import { SignInRequired } from '../../features/auth/components/sign-in-required';
import { Breadcrumbs } from './breadcrumbs';
import { ThemeToggle } from './theme-toggle';
import { useGlobalShortcuts } from './use-global-shortcuts';
import { UserNameSetting } from './user-name-setting';
import './app-layout.css';
import { paths } from '../../config/paths';

export function AppLayout() {
  useGlobalShortcuts();
  const navigation = useNavigation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to={paths.experiments()} className="app-logo" aria-label="Runboard home">
          <svg width="20" height="20" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="var(--accent)" />
            <path d="M8 22l5-7 4 4 7-10" fill="none" stroke="var(--accent-text)" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>Runboard</span>
        </NavLink>
        <nav className="app-nav" aria-label="Main">
          <NavLink to={paths.experiments()}>Experiments</NavLink>
          <NavLink to={paths.models()}>Models</NavLink>
          <NavLink to={paths.webhooks()}>Webhooks</NavLink>
        </nav>
        <div className="app-header-spacer" />
        <span className="app-header-hint muted" aria-hidden="true">
          <kbd>/</kbd> search
        </span>
        <AccountMenu fallback={<UserNameSetting />} />
        <ThemeToggle />
      </header>
      {navigation.state !== 'idle' && <div className="nav-progress" role="progressbar" aria-label="Loading page" />}
      <Breadcrumbs />
      <main id="main" className="app-main" tabIndex={-1}>
        <SignInRequired>
          <Suspense fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </SignInRequired>
      </main>
    </div>
  );
}
