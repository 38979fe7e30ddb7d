import { useEffect, useRef } from 'react';
import { echarts } from './echarts';

type Option = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];

/** An ECharts instance bound to a div: set up once, options replaced on change, resized with the window. */
export function useChart(option: Option, onClick?: (params: { name?: string; data?: unknown }) => void) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); c.dispose(); chart.current = null; };
  }, []);
  useEffect(() => { chart.current?.setOption(option, true); }, [option]);
  useEffect(() => {
    const c = chart.current;
    if (!c || !onClick) return;
    c.on('click', onClick as never);
    return () => { c.off('click'); };
  }, [onClick]);
  return ref;
}
