// Progress charts, drawn with Chart.js from the json_script data on the page.
// Every chart has a summary and a table on the page, so nothing depends on this file.
(function () {
  "use strict";

  // Okabe-Ito colours: told apart with any colour vision, and of different lightness so a
  // greyscale print keeps them apart too.
  var BLUE = "#0072b2";
  var ORANGE = "#e69f00";
  var VERMILLION = "#d55e00";
  var GREY = "#6b6b6b";
  var LIGHT_GREY = "#bdbdbd";
  var charts = [];
  var CHART_JS = document.currentScript && document.currentScript.dataset.chartjs;

  function readData(key) {
    var node = document.getElementById("chart-data-" + key);
    return node ? JSON.parse(node.textContent) : null;
  }

  function shortDate(iso) {
    var parts = iso.split("-");
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return parseInt(parts[2], 10) + " " + months[parseInt(parts[1], 10) - 1];
  }

  // Long movement names as at most two short lines, the rest abbreviated with "…"; the
  // tooltip and the table give the whole name.
  var LINE_CHARS = 14; // set for each chart from its width, in build()
  function wrap(label) {
    var lines = [];
    label.split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= LINE_CHARS) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    if (lines.length > 2) {
      lines = [lines[0], lines.slice(1).join(" ")];
    }
    return lines.map(function (line) {
      return line.length > LINE_CHARS ? line.slice(0, LINE_CHARS - 1) + "…" : line;
    });
  }

  // A scale either side of 0 whose ticks always include 0, with a darker zero line.
  function reliefAxis(limit, title) {
    var step = limit > 6 ? 5 : 1;
    return {
      min: -limit,
      max: limit,
      // A line at every point; on a narrow scale every other label, 0 always among them.
      ticks: {
        stepSize: step,
        autoSkip: false,
        maxRotation: 0,
        callback: function (value) { return step === 1 && value % 2 !== 0 ? "" : value; }
      },
      grid: {
        color: function (ctx) { return ctx.tick && ctx.tick.value === 0 ? "#1a1a1a" : "rgba(0,0,0,0.1)"; },
        lineWidth: function (ctx) { return ctx.tick && ctx.tick.value === 0 ? 2 : 1; }
      },
      title: { display: true, text: title }
    };
  }

  function countAxis(title, suggestedMax) {
    return { min: 0, suggestedMax: suggestedMax, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: title } };
  }

  var builders = {
    before_after: function (data) {
      // The change in each session as a dot, with its rolling mean: readable at any length.
      return {
        type: "line",
        data: {
          labels: data.labels.map(shortDate),
          datasets: [
            { label: "Each session", data: data.relief, showLine: false, pointRadius: 4, borderColor: GREY, backgroundColor: GREY },
            { label: data.rolling_window + "-session mean", data: data.rolling, borderColor: BLUE, backgroundColor: BLUE, borderWidth: 3, pointRadius: 0, spanGaps: true }
          ]
        },
        options: {
          scales: {
            y: reliefAxis(10, "Points better"),
            x: { ticks: { maxTicksLimit: 6, maxRotation: 0 }, title: { display: true, text: "Session date" } }
          }
        }
      };
    },
    adherence_sessions: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: [{ label: "Sessions", data: data.sessions, backgroundColor: BLUE }] },
        options: {
          plugins: { legend: { display: false } },
          scales: { y: countAxis("Sessions", 7), x: { ticks: { maxRotation: 0, autoSkipPadding: 8 }, title: { display: true, text: "Week starting" } } }
        }
      };
    },
    adherence_minutes: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: [{ label: "Minutes", data: data.minutes, backgroundColor: ORANGE, borderColor: "#1a1a1a", borderWidth: 1 }] },
        options: {
          plugins: { legend: { display: false } },
          scales: { y: countAxis("Minutes", 105), x: { ticks: { maxRotation: 0, autoSkipPadding: 8 }, title: { display: true, text: "Week starting" } } }
        }
      };
    },
    time_of_day: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.labels.map(function (label, i) { return label + " (" + data.n[i] + ")"; }),
          datasets: [{
            label: "Average change after exercise (positive = better)",
            data: data.relief,
            backgroundColor: data.relief.map(function (v) { return v >= 0 ? BLUE : VERMILLION; })
          }]
        },
        options: { plugins: { legend: { display: false } }, scales: { y: reliefAxis(5, "Points better after exercise") } }
      };
    },
    feedback: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.labels.map(wrap),
          datasets: [
            { label: "Helped", data: data.helped, backgroundColor: BLUE },
            { label: "No change", data: data.no_change, backgroundColor: LIGHT_GREY },
            { label: "Worse", data: data.worse, backgroundColor: ORANGE },
            { label: "Painful", data: data.painful, backgroundColor: VERMILLION }
          ]
        },
        options: {
          indexAxis: "y",
          scales: {
            x: { stacked: true, min: 0, ticks: { precision: 0 }, title: { display: true, text: "Times marked" } },
            y: { stacked: true }
          }
        }
      };
    },
    movements: function (data) {
      var ranges = data.low.map(function (low, i) { return [low, data.high[i]]; });
      return {
        type: "bar",
        data: {
          labels: data.labels.map(wrap),
          datasets: [
            {
              label: "Likely range",
              data: ranges,
              backgroundColor: data.verdict.map(function (v) {
                return v === "likely helps" ? "rgba(0,114,178,0.45)" : v === "may make things worse" ? "rgba(213,94,0,0.45)" : "rgba(107,107,107,0.25)";
              }),
              borderColor: GREY,
              borderWidth: 1,
              barPercentage: 0.6
            },
            {
              label: "Estimate",
              type: "scatter",
              data: data.estimate.map(function (value, i) { return { x: value, y: i }; }),
              backgroundColor: "#1a1a1a",
              pointRadius: 6,
              pointStyle: "rectRot"
            }
          ]
        },
        options: {
          indexAxis: "y",
          scales: {
            x: reliefAxis(data.axis, "Points of relief (0 = no effect)"),
            y: { type: "category", ticks: { autoSkip: false } }
          }
        }
      };
    }
  };

  function build(canvas) {
    var key = canvas.dataset.chart;
    var data = readData(canvas.dataset.source || key);
    if (!data || !builders[key]) { return; }
    LINE_CHARS = canvas.parentNode.clientWidth > 600 ? 30 : 14;
    var config = builders[key](data);
    if (config.options && config.options.indexAxis === "y") {
      // One row per movement, tall enough for its name on up to three lines.
      var rows = config.data.labels.length;
      var lines = Math.max.apply(null, config.data.labels.map(function (l) { return Array.isArray(l) ? l.length : 1; }).concat([1]));
      canvas.parentNode.style.height = Math.max(180, rows * (lines * 15 + 9) + 80) + "px";
    }
    config.options = config.options || {};
    config.options.maintainAspectRatio = false;
    // Drawn once, without animation: nothing moves, and a slow phone does no frames of work.
    config.options.animation = false;
    config.options.plugins = config.options.plugins || {};
    config.options.plugins.legend = config.options.plugins.legend || { labels: { font: { size: 15 }, boxWidth: 18, padding: 8 } };
    // Wrapped names are joined again in the tooltip, so it always shows the whole name.
    config.options.plugins.tooltip = {
      callbacks: {
        title: function (items) {
          var label = items[0].label;
          return Array.isArray(label) ? data.labels[items[0].dataIndex] : label;
        }
      }
    };
    charts.push(new window.Chart(canvas, config));
    canvas.dataset.drawn = "yes";
  }

  // Chart.js is fetched when the first chart comes near the screen, and each chart is
  // built as it scrolls into view: nothing is parsed or drawn at load that is not seen.
  var waiting = null;
  function withChartJs(then) {
    if (window.Chart) { then(); return; }
    if (!waiting) {
      waiting = [];
      var script = document.createElement("script");
      script.src = CHART_JS;
      script.onload = function () {
        window.Chart.defaults.font.size = 15;
        window.Chart.defaults.color = "#1a1a1a";
        waiting.forEach(function (fn) { fn(); });
        waiting = [];
      };
      document.head.appendChild(script);
    }
    waiting.push(then);
  }

  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) { return; }
      observer.unobserve(entry.target);
      withChartJs(function () { build(entry.target); });
    });
  }, { rootMargin: "200px 0px" }) : null;

  function draw(root) {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (observer) { observer.observe(canvas); } else { withChartJs(function () { build(canvas); }); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
