/** Client-side routing by pathname (the pages of tab/shared/routes.ts), with the History API. */
import { useSyncExternalStore } from 'react';
import type { MouseEvent } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search + window.location.hash;

export function useLocation(): URL {
  const href = useSyncExternalStore(subscribe, snapshot);
  return new URL(href, window.location.origin);
}

/** Keeps ?theme= (screenshots, local mode) across navigation. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.origin);
  const theme = new URLSearchParams(window.location.search).get('theme');
  if (theme && !url.searchParams.has('theme')) url.searchParams.set('theme', theme);
  const target = url.pathname + url.search + url.hash;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  for (const l of listeners) l();
  if (url.hash) {
    // Wait for the page to render the target, then bring it into view.
    requestAnimationFrame(() => scrollToHash(url.hash));
  } else {
    window.scrollTo(0, 0);
  }
}

export function scrollToHash(hash: string): boolean {
  const el = document.getElementById(decodeURIComponent(hash.replace(/^#/, '')));
  if (!el) return false;
  el.scrollIntoView({ block: 'start' });
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
  return true;
}

/** onClick for an <a href> that should route inside the app (new tab/window still works). */
export function routeLink(to: string) {
  return (e: MouseEvent<HTMLElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
}

/** Href for an in-app link, keeping ?theme=. */
export function hrefFor(to: string): string {
  const url = new URL(to, window.location.origin);
  const theme = new URLSearchParams(window.location.search).get('theme');
  if (theme && !url.searchParams.has('theme')) url.searchParams.set('theme', theme);
  return url.pathname + url.search + url.hash;
}
