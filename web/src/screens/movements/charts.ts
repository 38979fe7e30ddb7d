import { LineChart, ScatterChart } from 'echarts/charts';
import { GeoComponent } from 'echarts/components';
import { echarts } from '../../charts/echarts';

// The movements screens draw lines (trends) and points on a map (a scatter on a geo layer): these parts of
// ECharts load with these screens only, not with the first one.
echarts.use([LineChart, ScatterChart, GeoComponent]);

export { echarts };

/** Text for a chart's tooltip, which ECharts writes as HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
