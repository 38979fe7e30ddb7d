import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from '../i18n';

/**
 * A table that may be wider than the screen (a phone): it scrolls sideways inside its frame, says so in a
 * visible line while it does, and can then be scrolled from the keyboard (it takes focus, named by `label`).
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // A few pixels of rounding are not worth a hint.
    const check = () => setOverflows(el.scrollWidth > el.clientWidth + 4);
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    check();
    return () => observer.disconnect();
  }, []);
  return (
    <div className="table-frame">
      <div ref={ref} className="table-wrap" {...(overflows ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
        {children}
      </div>
      {overflows && <p className="scroll-hint small" data-testid="scroll-hint">{t('common.scrollHint')}</p>}
    </div>
  );
}
