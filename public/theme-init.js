// Theme before first paint (no light flash for dark users); src/app/theme/theme.ts owns the logic.
// A file, not an inline script, so the page's Content-Security-Policy can forbid inline scripts.
try {
  let theme = localStorage.getItem('runboard.theme');
  if (theme !== 'light' && theme !== 'dark') theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.dataset.theme = theme;
} catch {
  // Storage blocked: the app picks the theme when it starts.
}
