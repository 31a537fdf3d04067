// Charts drawn from JSON the server renders next to each canvas (data-chart-source). Two shapes:
// { labels, values } (one bar series, the overview) and { kind, labels, series: [{ name, color, values }], links }
// (the Analytics page: colours are CSS variable names, so light and dark follow the theme; a click on a point
// with a link follows it, the drill-down to the issues behind that point).
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

export function drawCharts(root) {
  const style = getComputedStyle(document.documentElement);
  const color = (name) => style.getPropertyValue(name).trim();
  for (const canvas of root.querySelectorAll('canvas[data-chart]')) {
    const source = root.getElementById(canvas.dataset.chartSource);
    if (!source) continue;
    const data = JSON.parse(source.textContent);
    const series = data.series ?? [{ name: 'events', color: '--accent', values: data.values }];
    const links = data.links ?? [];
    new Chart(canvas, {
      type: data.kind ?? 'bar',
      data: {
        labels: data.labels,
        datasets: series.map((s) => ({
          label: s.name, data: s.values, yAxisID: s.axis ?? 'y', backgroundColor: color(s.color), borderColor: color(s.color), borderRadius: 3, pointRadius: 2,
          // Counts between two points are not in between: a monotone curve never overshoots below zero or above a peak.
          cubicInterpolationMode: 'monotone',
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { display: series.length > 1, labels: { color: color('--muted') } } },
        scales: {
          x: { grid: { display: false }, ticks: { color: color('--muted'), maxRotation: 0, autoSkipPadding: 12 } },
          y: { beginAtZero: true, grid: { color: color('--border') }, ticks: { color: color('--muted'), precision: 0 } },
          // A rate (errors per 1,000 events) is read on its own axis at the right, drawn only when a series uses it.
          rate: {
            display: series.some((s) => s.axis === 'rate'), position: 'right', beginAtZero: true, grid: { display: false }, ticks: { color: color('--muted') },
          },
        },
        onHover: (event, elements) => { canvas.style.cursor = elements.length && links[elements[0].index] ? 'pointer' : ''; },
        onClick: (event, elements) => {
          const link = elements.length ? links[elements[0].index] : null;
          if (link) window.location.assign(link);
        },
      },
    });
  }
}
