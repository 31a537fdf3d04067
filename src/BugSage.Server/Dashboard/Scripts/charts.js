// Charts drawn from JSON the server renders next to each canvas (data-chart-source).
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export function drawCharts(root) {
  const style = getComputedStyle(document.documentElement);
  const color = (name) => style.getPropertyValue(name).trim();
  for (const canvas of root.querySelectorAll('canvas[data-chart]')) {
    const source = root.getElementById(canvas.dataset.chartSource);
    if (!source) continue;
    const { labels, values } = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: 'bar',
      data: { labels, datasets: [{ label: 'events', data: values, backgroundColor: color('--accent'), borderRadius: 3 }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { grid: { display: false }, ticks: { color: color('--muted'), maxRotation: 0, autoSkipPadding: 12 } },
          y: { beginAtZero: true, grid: { color: color('--border') }, ticks: { color: color('--muted'), precision: 0 } },
        },
      },
    });
  }
}
