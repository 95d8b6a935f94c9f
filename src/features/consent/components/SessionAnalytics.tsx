'use client';

import { useEffect } from 'react';

/**
 * policy: P5.3 — rendered only under `sessionAnalytics` consent (checked again by the API):
 * counts clicks, the deepest scroll and the time on the page, and sends them once when the page
 * is hidden. Never what is typed, never mouse paths.
 */
export function SessionAnalytics({ path }: { path: string }) {
  useEffect(() => {
    const started = performance.now();
    let clicks = 0;
    let maxScrollPercent = 0;
    let sent = false;
    const onClick = () => {
      clicks += 1;
    };
    const onScroll = () => {
      const doc = document.documentElement;
      const scrollable = doc.scrollHeight - window.innerHeight;
      const percent = scrollable > 0 ? Math.round((window.scrollY / scrollable) * 100) : 100;
      maxScrollPercent = Math.max(maxScrollPercent, Math.min(100, percent));
    };
    const flush = () => {
      if (sent) return;
      sent = true;
      const body = JSON.stringify({ path, clicks, maxScrollPercent, durationMs: Math.round(performance.now() - started) });
      navigator.sendBeacon('/api/session-events', new Blob([body], { type: 'application/json' }));
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    onScroll();
    document.addEventListener('click', onClick, true);
    window.addEventListener('scroll', onScroll, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', flush);
    return () => {
      // A client-side navigation leaves the page without a pagehide event.
      flush();
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('scroll', onScroll);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', flush);
    };
  }, [path]);
  return null;
}
