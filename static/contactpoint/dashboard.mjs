// The data-quality dashboard's charts, drawn with Chart.js (loaded before this module as
// window.Chart) from the JSON each chart's section carries. Every figure is also in the table that
// follows its chart, so the page says everything without JavaScript.

const FONT = '"GDS Transport", arial, sans-serif';

function datasets(figures) {
  return figures.series.map((series) => ({
    label: series.label,
    data: series.values,
    backgroundColor: series.colour,
    borderColor: series.colour,
  }));
}

function valueAxis(figures) {
  return {
    beginAtZero: true,
    stacked: figures.stacked,
    max: figures.unit === "%" ? 100 : undefined,
    ticks: { precision: 0, callback: (value) => `${value}${figures.unit}` },
  };
}

function options(figures) {
  const categoryAxis = { stacked: figures.stacked, ticks: { autoSkip: true } };
  const values = valueAxis(figures);
  return {
    indexAxis: figures.horizontal ? "y" : "x",
    maintainAspectRatio: false,
    animation: false,
    scales: figures.horizontal ? { x: values, y: categoryAxis } : { x: categoryAxis, y: values },
    plugins: {
      legend: { display: figures.series.length > 1, position: "bottom" },
      tooltip: {
        callbacks: { label: (item) => `${item.dataset.label}: ${item.formattedValue}${figures.unit}` },
      },
    },
  };
}

function chartDraw(area) {
  const figures = JSON.parse(document.getElementById(area.dataset.chart).textContent);
  const canvas = area.querySelector("canvas");
  return new window.Chart(canvas, {
    type: figures.kind,
    data: { labels: figures.labels, datasets: datasets(figures) },
    options: options(figures),
  });
}

if (window.Chart) {
  window.Chart.defaults.font.family = FONT;
  window.Chart.defaults.color = "#0b0c0c";
  document.querySelectorAll("[data-chart]").forEach(chartDraw);
}
