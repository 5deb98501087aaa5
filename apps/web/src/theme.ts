import { useEffect, useState } from 'react';

/** Changes whenever the theme does (the picker's data-theme or the system setting), so canvases can repaint. */
export function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', bump);
    return () => { observer.disconnect(); media.removeEventListener('change', bump); };
  }, []);
  return version;
}

/** A design token's current value; canvases (uPlot) cannot use CSS variables directly. */
export const cssVar = (name: string, fallback = ''): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
